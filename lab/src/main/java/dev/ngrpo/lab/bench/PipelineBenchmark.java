package dev.ngrpo.lab.bench;

import static dev.ngrpo.core.data.MetricNames.LEARN_TOKENS_PER_SECOND;
import static dev.ngrpo.core.data.MetricNames.OVERHEAD_FRACTION;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_BACKWARD;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_FORWARD;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_OPTIMIZER;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_RECOMPUTE;
import static dev.ngrpo.core.data.MetricNames.TIME_OVERHEAD;
import static dev.ngrpo.core.data.MetricNames.TIME_PUBLISH;
import static dev.ngrpo.core.data.MetricNames.TIME_ROLLOUT;
import static dev.ngrpo.core.data.MetricNames.TIME_ROLLOUT_CRITICAL;
import static dev.ngrpo.core.data.MetricNames.TIME_STEP;
import static dev.ngrpo.core.data.MetricNames.TOKENS_PER_SECOND;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.lab.experiment.Statistics;
import dev.ngrpo.orchestrator.metrics.RunLog;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real training run (Spark rollouts, learner, publishing) with its per-step timing metrics
 * summarized: medians over the steps after the first (which pays for JIT, Spark's first job and
 * the executors' first model build), and the peak resident memory of the driver, with its
 * resident memory after every step.
 */
public final class PipelineBenchmark {
  /**
   * The figures of one run; times are medians of the measured steps, in seconds.
   *
   * @param name label in the report
   * @param master Spark master
   * @param measuredSteps steps after the first
   * @param step a whole step
   * @param rollout rollout wall time (all rounds)
   * @param rolloutCritical generation + verification of the busiest partition
   * @param learn the learner's step
   * @param publish publishing the new weights on the driver
   * @param overhead {@code step - learn - rolloutCritical}
   * @param overheadFraction {@code overhead / step}
   * @param rolloutTokensPerSecond generated tokens per second of rollout wall time
   * @param learnTokensPerSecond trained tokens per second of the learner's step
   * @param learnRecompute old log-prob recompute
   * @param learnForward forward passes of the updates
   * @param learnBackward backward passes
   * @param learnOptimizer clipping and AdamW
   * @param driverPeakMib peak resident memory of this JVM (executors too in local mode)
   * @param driverResidentMib resident memory of this JVM after each step
   */
  public record Figure(String name, String master, int measuredSteps,
      double step, double rollout, double rolloutCritical, double learn, double publish,
      double overhead, double overheadFraction, double rolloutTokensPerSecond,
      double learnTokensPerSecond, double learnRecompute, double learnForward,
      double learnBackward, double learnOptimizer,
      long driverPeakMib, List<Long> driverResidentMib) {}

  private PipelineBenchmark() {}

  /**
   * Trains {@code overrides} (over the reference defaults; no held-out split, so no
   * evaluation; warm start and checkpoints off unless the overrides set them) into
   * {@code output}, printing progress to {@code console}, and takes the medians of the steps
   * after the first.
   */
  public static Figure run(String name, List<String> overrides, Path output,
      Consumer<String> console) throws IOException {
    RunConfig config = RunConfig.load(null, benchOverrides(output, overrides));
    List<Long> resident = new ArrayList<>();
    long pid = ProcessHandle.current().pid();
    List<JsonNode> records;
    TrainingLoop.train(config, false, line -> {
      if (line.startsWith("step ")) {
        resident.add(ProcessMemory.residentMib(pid).orElse(0));
      }
      console.accept("  [" + name + "] " + line);
    });
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(config.run().output());
    records = RunLog.records(out.getFileSystem(RunContext.hadoopConfiguration(config)), out,
        RunLog.METRICS);
    List<JsonNode> measured = records.subList(Math.min(1, records.size()), records.size());
    if (measured.isEmpty()) {
      throw new IllegalStateException(name + ": no step after the first to measure");
    }
    return new Figure(name, config.spark().master(), measured.size(),
        median(measured, TIME_STEP), median(measured, TIME_ROLLOUT),
        median(measured, TIME_ROLLOUT_CRITICAL), median(measured, TIME_LEARN),
        median(measured, TIME_PUBLISH), median(measured, TIME_OVERHEAD),
        median(measured, OVERHEAD_FRACTION), median(measured, TOKENS_PER_SECOND),
        median(measured, LEARN_TOKENS_PER_SECOND), median(measured, TIME_LEARN_RECOMPUTE),
        median(measured, TIME_LEARN_FORWARD), median(measured, TIME_LEARN_BACKWARD),
        median(measured, TIME_LEARN_OPTIMIZER), ProcessMemory.selfPeakMib(),
        List.copyOf(resident));
  }

  /**
   * {@code overrides} after the settings every bench run shares: no held-out split (so no
   * evaluation), no warm start, no checkpoints, no Spark UI, output to {@code output}.
   */
  static List<String> benchOverrides(Path output, List<String> overrides) {
    List<String> all = new ArrayList<>(List.of("ngrpo.task.test-size=0", "ngrpo.sft.steps=0",
        "ngrpo.checkpoint.every=0",
        "ngrpo.spark.conf.\"spark.ui.enabled\"=false",
        "ngrpo.run.output=\"" + output.toAbsolutePath().toUri() + "\""));
    all.addAll(overrides);
    return all;
  }

  static double median(List<JsonNode> records, String metric) {
    return Statistics.median(records.stream()
        .mapToDouble(r -> r.path(metric).asDouble(Double.NaN)).toArray());
  }
}
