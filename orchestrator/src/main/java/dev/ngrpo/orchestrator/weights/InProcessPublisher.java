package dev.ngrpo.orchestrator.weights;

import ai.djl.Device;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.rollout.worker.PolicySource;
import dev.ngrpo.rollout.worker.PublishedWeights;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes each version to rollout tasks that run in the driver's own JVM (a {@code local[N]}
 * master): the driver copies the weights on the device into a snapshot, and a task builds its
 * policy by copying that snapshot to its device. Nothing is serialized: a Spark broadcast would
 * encode the weights, cut them into pieces and decode them again in the same process, which
 * for a 0.5B model costs seconds per version.
 *
 * <p>The task closures carry only the publisher's id and the version; a task in another JVM
 * finds no snapshot under that id and fails naming {@code ngrpo.weights.transport}. The
 * previous version's snapshot is freed when the next one is published, or on {@link #close()}.
 */
public final class InProcessPublisher implements WeightsPublisher {
  private static final Map<String, Snapshot> SNAPSHOTS = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private long lastVersion = -1;

  private record Snapshot(long version, PolicyModel model) {}

  @Override
  public PublishedWeights publish(long version, PolicyModel model) {
    lastVersion = Versions.checkIncreasing(lastVersion, version);
    // the previous snapshot first, so a 0.5B model never has two snapshots at once
    close();
    SNAPSHOTS.put(id, new Snapshot(version, model.copyTo(model.device())));
    return new Handle(version, id);
  }

  @Override
  public void close() {
    Snapshot old = SNAPSHOTS.remove(id);
    if (old != null) {
      // a task may be copying it right now (an evaluation after the last step)
      synchronized (old) {
        old.model().close();
      }
    }
  }

  /** Snapshots held by publishers in this JVM: one per open publisher with a version. */
  static int heldSnapshots() {
    return SNAPSHOTS.size();
  }

  private static PolicyModel build(String id, long version, Device device) {
    Snapshot s = SNAPSHOTS.get(id);
    if (s == null) {
      throw new IllegalStateException("weights v" + version + " were published in the driver's "
          + "JVM (ngrpo.weights.transport = in-process, or auto on a local[N] master) and this "
          + "task runs in another JVM, or after the run closed its publisher; set "
          + "ngrpo.weights.transport = broadcast when executors are separate processes");
    }
    synchronized (s) {
      if (s.version() != version || s.model().isClosed()) {
        throw new IllegalStateException("weights v" + version + " are no longer published "
            + "in this JVM (the newest is v" + s.version() + ")");
      }
      return s.model().copyTo(device);
    }
  }

  private record Handle(long version, String publisher) implements PublishedWeights {
    private static final long serialVersionUID = 1L;

    @Override
    public PolicySource source() {
      return device -> build(publisher, version, device);
    }
  }
}
