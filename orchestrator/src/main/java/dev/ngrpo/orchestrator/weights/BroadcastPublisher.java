package dev.ngrpo.orchestrator.weights;

import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.weights.WeightsSnapshot;
import dev.ngrpo.orchestrator.spark.SparkInternals;
import dev.ngrpo.rollout.worker.PolicySource;
import dev.ngrpo.rollout.worker.PublishedWeights;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each version as a Spark broadcast of its F32 snapshot; executors fetch it (torrent
 * style) the first time a task needs that version. The previous broadcast is destroyed before a
 * new one is published, so executors and the driver free its blocks.
 *
 * <p>A retired broadcast is destroyed on a thread of its own, which waits for the removal and
 * holds the {@code Broadcast} until it is done: Spark's {@code ContextCleaner} removes a
 * garbage {@code Broadcast}'s blocks again, and racing a removal still running it logs an
 * error and a warning per piece. Publishing never waits for a removal; {@link #close} waits
 * for the last one, since the context may stop next.
 *
 * <p>Each version is encoded into the byte array of the version before, because a new array
 * of a large model's size is memory the JVM and the kernel must zero first (the figures are in
 * docs/benchmarks.md). Nothing reads the old bytes by then: the broadcast's pieces are copies,
 * that broadcast is destroyed, and a task in the driver's JVM reads the array only while it
 * builds that version's model, before the next publication.
 */
public final class BroadcastPublisher implements WeightsPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastPublisher.class);
  private final JavaSparkContext sc;
  private long lastVersion = -1;
  private Broadcast<PolicyWeights> current;
  /** Destroys retired broadcasts one after the other, each until its blocks are gone. */
  private final ExecutorService remover = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ngrpo-broadcast-remover");
    t.setDaemon(true);
    return t;
  });
  /** The removal of the last retired broadcast, or a done future. */
  private Future<?> removal = CompletableFuture.completedFuture(null);
  /** The payload array of the last version, which the next one is written into. */
  private byte[] payload;

  public BroadcastPublisher(JavaSparkContext sc) {
    this.sc = sc;
  }

  @Override
  public PublishedWeights publish(long version, PolicyModel model) {
    lastVersion = Versions.checkIncreasing(lastVersion, version);
    // The previous version goes first: Spark's serialized copy of it would otherwise share
    // the heap with the new one, and its payload array is about to be written over. Nothing
    // needs it any more: the loop publishes after the step's rollouts, and executors keep
    // the models they built from it.
    retire();
    PolicyWeights w = WeightsSnapshot.encode(version, model, payload);
    payload = w.payload().array();
    current = sc.broadcast(w);
    return new Handle(version, current);
  }

  /**
   * Broadcasts {@code weights} (another payload than a whole model: a version's LoRA
   * adapters), retiring the previous broadcast as {@link #publish} does.
   */
  Broadcast<PolicyWeights> broadcast(PolicyWeights weights) {
    lastVersion = Versions.checkIncreasing(lastVersion, weights.version());
    retire();
    current = sc.broadcast(weights);
    return current;
  }

  /**
   * Destroys the current broadcast, waiting until the blocks of every retired one are removed
   * everywhere; a removal that fails is logged, not thrown, so that it does not hide how the
   * run ended.
   */
  @Override
  public void close() {
    payload = null;
    retire();
    remover.shutdown();
    try {
      removal.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warn("could not remove the broadcast of weights v{} from every block manager: {}",
          lastVersion, e.getCause().getMessage());
    }
  }

  /** Hands the current broadcast to the remover, which holds it until its blocks are gone. */
  private void retire() {
    if (current != null) {
      Broadcast<PolicyWeights> old = current;
      current = null;
      // the public destroy() does not wait for the removal (SparkInternals)
      removal = remover.submit(() -> SparkInternals.destroyAndWait(old));
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
