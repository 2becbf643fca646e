package dev.ngrpo.orchestrator.spark;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.rollout.worker.PublishedWeights;
import dev.ngrpo.rollout.worker.RolloutJob;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One rollout stage: the prompts are spread over partitions, each partition runs
 * {@link RolloutFunction} on an executor, and the groups come back to the driver sorted by
 * prompt index. The stage's job description names the phase in the Spark UI
 * ("step 12: rollout").
 */
public final class SparkRollout {
  private final JavaSparkContext sc;
  private final int partitions;

  /** @param partitions partitions per stage, 0 = one per task slot ({@link TaskSlots}) */
  public SparkRollout(JavaSparkContext sc, int partitions) {
    this.sc = sc;
    this.partitions = partitions;
  }

  /** Rolls out {@code tasks} with {@code weights}; {@code phase} labels the Spark job. */
  public List<RolloutGroup> run(String phase, List<PromptTask> tasks, RolloutJob job,
      PublishedWeights weights) {
    return stage(phase, tasks, job, weights).groups();
  }

  /** Like {@link #run}, with where the stage's time went. */
  public RolloutStage stage(String phase, List<PromptTask> tasks, RolloutJob job,
      PublishedWeights weights) {
    if (tasks.isEmpty()) {
      return new RolloutStage(List.of(), 0, 0, 0, 0, 0);
    }
    int slices = Math.min(tasks.size(), partitions > 0 ? partitions : TaskSlots.of(sc));
    sc.setJobDescription(phase);
    long start = System.nanoTime();
    try {
      List<RolloutGroup> groups = sc.parallelize(tasks, slices)
          .mapPartitions(new RolloutFunction(job, weights))
          .collect();
      return RolloutStage.of(groups, RolloutStage.sliceSizes(tasks.size(), slices),
          (System.nanoTime() - start) / 1e9);
    } catch (Exception e) {
      if (e instanceof RuntimeException r && !(e instanceof SparkException)) {
        throw r;
      }
      // A job failure: Spark already retried the task spark.task.maxFailures times
      // (local[N,F]: F times).
      throw new IllegalStateException(phase + " failed after Spark's retries: "
          + e.getMessage(), e);
    } finally {
      sc.setJobDescription(null);
    }
  }

  /** The Spark context. */
  public JavaSparkContext context() {
    return sc;
  }
}
