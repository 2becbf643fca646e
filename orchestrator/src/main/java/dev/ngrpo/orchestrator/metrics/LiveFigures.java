package dev.ngrpo.orchestrator.metrics;

import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.rollout.worker.RolloutCounters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The figures of the run this driver JVM is training, as Spark's metrics system reads them
 * ({@link dev.ngrpo.orchestrator.spark.MetricsPlugin}): the last logged step's metrics (the
 * line {@code metrics.jsonl} got), the published weights version, the newest checkpoint's
 * step, and the rollout counts each executor reported. A metrics sink reads from another
 * thread, whenever it likes; each field is replaced whole, so a read sees one step's figures,
 * though two reads may straddle a step.
 */
public final class LiveFigures {
  private static volatile StepMetrics lastStep;
  private static volatile long weightsVersion = -1;
  private static volatile long checkpointStep = -1;
  private static final Map<String, RolloutCounters.Snapshot> EXECUTORS = new ConcurrentHashMap<>();

  private LiveFigures() {}

  /**
   * Forgets the previous run's figures, when a run starts: executor ids start again from 0 in
   * each Spark application, so an old executor's counts must not outlive its run. The
   * executors of this run report their JVM's counts again after their next task.
   */
  public static void reset() {
    lastStep = null;
    weightsVersion = -1;
    checkpointStep = -1;
    EXECUTORS.clear();
  }

  /** The step just logged. */
  public static void step(StepMetrics metrics) {
    lastStep = metrics;
  }

  /** The weights version just published. */
  public static void published(long version) {
    weightsVersion = version;
  }

  /** The step of the checkpoint just written. */
  public static void checkpointed(long step) {
    checkpointStep = step;
  }

  /**
   * An executor's counts since its JVM started (they only grow, so the newest report replaces
   * the last; a later run in the same JVMs keeps counting).
   */
  public static void executorReport(String executorId, RolloutCounters.Snapshot counts) {
    EXECUTORS.merge(executorId, counts,
        (old, now) -> now.responses() >= old.responses() ? now : old);
  }

  /** The last logged step's value of {@code metric}; NaN before the first step or when absent. */
  public static double metric(String metric) {
    StepMetrics s = lastStep;
    return s != null && s.has(metric) ? s.get(metric) : Double.NaN;
  }

  /** The last logged step (0-based, as in metrics.jsonl); -1 before the first. */
  public static long step() {
    StepMetrics s = lastStep;
    return s == null ? -1 : s.step();
  }

  /** The published weights version; -1 before the first publication. */
  public static long weightsVersion() {
    return weightsVersion;
  }

  /** The newest checkpoint's step (0-based, as its folder name); -1 before the first. */
  public static long checkpointStep() {
    return checkpointStep;
  }

  /** Every executor's counts, summed. */
  public static RolloutCounters.Snapshot executorTotals() {
    return EXECUTORS.values().stream().reduce(RolloutCounters.Snapshot.ZERO,
        RolloutCounters.Snapshot::plus);
  }
}
