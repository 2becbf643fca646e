package dev.ngrpo.orchestrator.spark;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.rollout.worker.PublishedWeights;
import dev.ngrpo.rollout.worker.RolloutJob;
import java.util.List;
import org.apache.spark.SparkContext;
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

  /** @param partitions partitions per stage, 0 = one per task slot ({@link #taskSlots}) */
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
    int slices = Math.min(tasks.size(), partitions > 0 ? partitions : taskSlots(sc));
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

  /**
   * Rollout tasks that can run at once now: executor cores over {@code spark.task.cpus}, and
   * GPUs over {@code spark.task.resource.gpu.amount} when tasks ask for GPUs (Spark's own count,
   * as for barrier stages); Spark's default parallelism while no executor has registered. One
   * partition per slot makes every stage a single wave of tasks, each generating one large
   * batch: Spark's default parallelism would give a 1-core cluster two partitions that run one
   * after the other, and a cluster of 8-core executors with one 8-CPU GPU task each eight waves
   * of small batches.
   */
  public static int taskSlots(JavaSparkContext sc) {
    SparkContext c = sc.sc();
    int slots = c.maxNumConcurrentTasks(c.resourceProfileManager().defaultResourceProfile());
    return slots > 0 ? slots : sc.defaultParallelism();
  }

  /** The Spark context. */
  public JavaSparkContext context() {
    return sc;
  }
}
