package dev.ngrpo.orchestrator.weights;

import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.weights.WeightsSnapshot;
import dev.ngrpo.rollout.worker.PolicySource;
import dev.ngrpo.rollout.worker.PublishedWeights;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each version as a Spark broadcast of its F32 snapshot; executors fetch it (torrent
 * style) the first time a task needs that version. The previous broadcast is destroyed before a
 * new one is published, so executors and the driver free its blocks.
 *
 * <p>{@link Broadcast#destroy()} only asks the block managers to remove the blocks, and Spark's
 * {@code ContextCleaner} removes them once more when the {@code Broadcast} object becomes
 * garbage: it does not know the broadcast was destroyed. If a garbage collection (the next
 * version's payload, 1.4 GB at 0.5B, brings one at once) lets the cleaner start while the
 * first removal is still running, the two race over the pieces, and the cleaner logs an error
 * and the block managers a warning per piece (379 lines for one 0.5B version). So the
 * publisher holds each destroyed broadcast until the next publication, a step later, when the
 * first removal has long finished and the cleaner's finds nothing to remove. {@link #close}
 * waits for the removal instead: the Spark context may stop next, and a removal still running
 * then is logged piece by piece too.
 *
 * <p>Each version is encoded into the byte array of the version before (when the model's
 * payload keeps its length, as it does from one version to the next): a new array of 1.4 GB
 * at 0.5B is memory the JVM and the kernel zero first, and publishing a version took the
 * driver 4.2-5.6 s with one, 1.5-2.2 s in most runs without (docs/benchmarks.md). Nothing
 * reads the old bytes by then: the broadcast's pieces are copies made when it was created, and
 * that broadcast is destroyed; only a task in the driver's JVM (a {@code local[N]} master with
 * this transport) reads the array itself, while it builds that version's model, before the
 * next publication.
 */
public final class BroadcastPublisher implements WeightsPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastPublisher.class);
  private final JavaSparkContext sc;
  private long lastVersion = -1;
  private Broadcast<PolicyWeights> current;
  /** The broadcast destroyed last, held away from Spark's ContextCleaner (see above). */
  private Broadcast<PolicyWeights> retired;
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
    retire(false);
    PolicyWeights w = WeightsSnapshot.encode(version, model, payload);
    payload = w.payload().array();
    current = sc.broadcast(w);
    return new Handle(version, current);
  }

  /**
   * Destroys the current broadcast, waiting until its blocks are removed everywhere; a removal
   * that fails is logged, not thrown, so that it does not hide how the run ended.
   */
  @Override
  public void close() {
    payload = null;
    try {
      retire(true);
    } catch (Exception e) {
      // Spark's SparkException, which Scala does not declare
      LOG.warn("could not remove the broadcast of weights v{} from every block manager: {}",
          lastVersion, e.getMessage());
    }
  }

  private void retire(boolean wait) {
    if (current != null) {
      retired = current;
      current = null;
      // destroy(boolean) is Spark-internal (private[spark]), public in bytecode; the public
      // destroy() is destroy(false)
      retired.destroy(wait);
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
