package dev.ngrpo.orchestrator.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Rollout tasks that can run at once on the executors registered now, from Spark's public API
 * only (the status tracker, the configuration and the default parallelism), so a Spark upgrade
 * cannot break it the way {@code private[spark]} calls would.
 *
 * <p>slots = executors x min(cores / {@code spark.task.cpus}, GPUs / {@code
 * spark.task.resource.gpu.amount}), the second term only when tasks ask for GPUs; a local
 * master is one executor whose cores are its default parallelism. An executor's cores are
 * {@code spark.executor.cores}, or, where that is unset (a standalone executor takes all its
 * worker's cores), the default parallelism (the registered executors' total cores) over the
 * executors. One partition per slot makes every stage a single wave of tasks, each generating
 * one large batch: Spark's default parallelism would give a 1-core cluster two partitions that
 * run one after the other, and a cluster of 8-core executors with one 8-CPU GPU task each eight
 * waves of small batches. Counted again for every stage, so executors that come back after a
 * loss get work.
 */
public final class TaskSlots {
  private TaskSlots() {}

  /** The task slots of {@code sc}'s executors now; its default parallelism before any came. */
  public static int of(JavaSparkContext sc) {
    return count(sc.getConf(), sc.isLocal(), registeredExecutors(sc), sc.defaultParallelism());
  }

  /** Executors registered now: 1 for a local master, whose driver runs the tasks. */
  public static int registeredExecutors(JavaSparkContext sc) {
    if (sc.isLocal()) {
      return 1;
    }
    // the status tracker lists the driver too
    return Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
  }

  /**
   * The slot count for {@code executors} executors.
   *
   * @param local whether the master is local (one executor: the driver)
   * @param defaultParallelism Spark's default parallelism (total executor cores unless {@code
   *     spark.default.parallelism} is set)
   */
  static int count(SparkConf conf, boolean local, int executors, int defaultParallelism) {
    int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
    if (local) {
      return Math.max(1, defaultParallelism / taskCpus);
    }
    if (executors == 0) {
      return Math.max(1, defaultParallelism);
    }
    int cores;
    if (conf.contains("spark.executor.cores")) {
      cores = conf.getInt("spark.executor.cores", 1);
    } else if (!conf.contains("spark.default.parallelism")) {
      cores = Math.max(1, defaultParallelism / executors);
    } else {
      cores = 1;
    }
    int perExecutor = cores / taskCpus;
    double taskGpus = conf.getDouble("spark.task.resource.gpu.amount", 0);
    if (taskGpus > 0) {
      double executorGpus = conf.getDouble("spark.executor.resource.gpu.amount", 0);
      // a fractional task amount shares a GPU among 1 / amount tasks, as Spark schedules it
      perExecutor = Math.min(perExecutor, (int) Math.floor(executorGpus / taskGpus + 1e-9));
    }
    return Math.max(1, executors * perExecutor);
  }
}
