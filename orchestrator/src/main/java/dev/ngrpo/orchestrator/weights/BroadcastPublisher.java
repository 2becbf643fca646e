package dev.ngrpo.orchestrator.weights;

import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.weights.WeightsSnapshot;
import dev.ngrpo.rollout.worker.PolicySource;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Publishes each version as a Spark broadcast of its F32 snapshot; executors fetch it (torrent
 * style) the first time a task needs that version. The previous broadcast is destroyed before a
 * new one is published, so executors and the driver free its blocks.
 */
public final class BroadcastPublisher implements WeightsPublisher {
  private final JavaSparkContext sc;
  private long lastVersion = -1;
  private Broadcast<PolicyWeights> current;

  public BroadcastPublisher(JavaSparkContext sc) {
    this.sc = sc;
  }

  @Override
  public PublishedWeights publish(long version, PolicyModel model) {
    lastVersion = Versions.checkIncreasing(lastVersion, version);
    // The previous version goes first: its payload and Spark's serialized copy of it would
    // otherwise share the heap with the new ones (4 copies of a 0.5B model: 5.7 GB). Nothing
    // needs it any more: the loop publishes after the step's rollouts, and executors keep
    // the models they built from it.
    close();
    PolicyWeights w = WeightsSnapshot.encode(version, model);
    current = sc.broadcast(w);
    return new Handle(version, current);
  }

  @Override
  public void close() {
    if (current != null) {
      current.destroy();
      current = null;
    }
  }

  private record Handle(long version, Broadcast<PolicyWeights> broadcast)
      implements PublishedWeights {
    private static final long serialVersionUID = 1L;

    @Override
    public PolicySource source() {
      return PolicySource.snapshot(broadcast::value);
    }
  }
}
