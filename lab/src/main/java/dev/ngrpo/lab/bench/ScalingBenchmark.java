package dev.ngrpo.lab.bench;

import ai.djl.Device;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.data.PromptCursor;
import dev.ngrpo.lab.experiment.Statistics;
import dev.ngrpo.orchestrator.spark.RolloutStage;
import dev.ngrpo.orchestrator.spark.SparkRollout;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.StartingPolicy;
import dev.ngrpo.rollout.worker.PublishedWeights;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import dev.ngrpo.rollout.worker.RolloutJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Rollout throughput of one task slot against two, on one Spark master with two: rounds of two
 * rollout stages of the same prompts, seeds and weights, one stage in one partition (one task
 * generates every group, the other slot idles) and one in two (each task generates half). On
 * {@code local[2]} the two slots are two cores of one JVM; on {@code local-cluster[2,1,M]}
 * two executor JVMs of one core. The two stages generate the same tokens unless a batch's size
 * changes how the engine rounds (it did not on the machine of docs/benchmarks.md); each
 * stage's throughput counts its own tokens. Both stages of a round run within seconds of each
 * other, so a shared machine's drift between separate runs, which reached 20% on the 2-core
 * VM of docs/benchmarks.md, cancels out of the ratio; the first rounds are a warm-up in which
 * fresh JVMs compile.
 */
public final class ScalingBenchmark {
  /**
   * The medians over the measured rounds.
   *
   * @param compared what the two slots are: {@code executor cores} or {@code executor JVMs}
   * @param master the master
   * @param warmupRounds rounds run before the measured ones
   * @param rounds measured rounds
   * @param oneTokens tokens a stage in one partition generated
   * @param twoTokens tokens a stage in two partitions generated
   * @param oneSeconds a stage in one partition, wall time
   * @param twoSeconds a stage in two partitions, wall time
   * @param oneCriticalSeconds a stage in one partition, generation + verification inside its
   *     task (what is left of the wall time is Spark's: task launch, fetching the task's
   *     closure, returning the groups)
   * @param twoCriticalSeconds a stage in two partitions, generation + verification inside the
   *     slower task
   * @param oneTokensPerSecond a stage in one partition, its tokens over its wall time
   * @param twoTokensPerSecond a stage in two partitions, its tokens over its wall time
   * @param oneStageByExecutor the stage in one partition, by the executor that ran it
   * @param executorPeakMib peak resident memory of the largest executor JVM (0 when the
   *     executors are not child processes of this JVM, as on {@code local[2]})
   */
  public record Figure(String compared, String master, int warmupRounds, int rounds,
      double oneTokens, double twoTokens, double oneSeconds, double twoSeconds, double oneCriticalSeconds,
      double twoCriticalSeconds, double oneTokensPerSecond, double twoTokensPerSecond,
      List<Executor> oneStageByExecutor, long executorPeakMib) {
    public Figure {
      oneStageByExecutor = List.copyOf(oneStageByExecutor);
    }

    /** Two slots' throughput over one's. */
    public double speedup() {
      return twoTokensPerSecond / oneTokensPerSecond;
    }

    /** The same ratio inside the tasks: one partition's critical time over two's. */
    public double criticalSpeedup() {
      return (twoTokens / twoCriticalSeconds) / (oneTokens / oneCriticalSeconds);
    }
  }

  /**
   * The measured rounds whose stage in one partition ran on one executor.
   *
   * @param id Spark's executor ID ({@code driver} on a {@code local[N]} master)
   * @param rounds how many rounds
   * @param seconds the stage's wall time, median over those rounds
   */
  public record Executor(String id, int rounds, double seconds) {}

  private ScalingBenchmark() {}

  /**
   * Runs {@code warmupRounds} + {@code rounds} rounds of {@code config}'s first batch of
   * prompts with its starting policy (published once, by the transport {@code config} picks),
   * on {@code config}'s master, which must have two task slots of the kind {@code compared}
   * names.
   */
  public static Figure run(String compared, RunConfig config, int warmupRounds, int rounds,
      Consumer<String> console) throws IOException {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds = " + rounds + ": at least one is measured");
    }
    try (RunContext context = RunContext.open(config);
        PolicyModel policy = StartingPolicy.create(config.model(), Device.cpu(),
            context.hadoop()).model();
        WeightsPublisher publisher = context.newPublisher()) {
      JavaSparkContext sc = context.rollout().context();
      PublishedWeights weights = publisher.publish(0, policy);
      RolloutJob job = context.job();
      List<PromptTask> prompts = new PromptCursor(context.data().train(), config.run().seed())
          .next(config.run().batchSize());
      SparkRollout one = new SparkRollout(sc, 1);
      SparkRollout two = new SparkRollout(sc, 2);
      // [stage in one partition, in two][tokens, seconds, critical seconds, tokens/s][round]
      double[][][] m = new double[2][4][rounds];
      Map<String, List<Double>> byExecutor = new TreeMap<>();
      TaskPlacements placements = TaskPlacements.on(sc.sc());
      for (int r = 0; r < warmupRounds + rounds; r++) {
        String oneName = "scaling round " + r + ": 1 partition";
        RolloutStage a = one.stage(oneName, prompts, job, weights);
        RolloutStage b = two.stage("scaling round " + r + ": 2 partitions", prompts, job,
            weights);
        String executor = placements.executors(oneName, 1).get(0);
        console.accept(String.format("  [%s] round %d/%d%s: 1 partition %.2fs"
            + " (executor %s), 2 partitions %.2fs", sc.master(), r + 1, warmupRounds + rounds,
            r < warmupRounds ? " (warm-up)" : "", a.wallSeconds(), executor, b.wallSeconds()));
        if (r >= warmupRounds) {
          measure(m[0], r - warmupRounds, a);
          measure(m[1], r - warmupRounds, b);
          byExecutor.computeIfAbsent(executor, e -> new ArrayList<>()).add(a.wallSeconds());
        }
      }
      sc.sc().removeSparkListener(placements);
      List<Executor> executors = byExecutor.entrySet().stream().map(e -> new Executor(
          e.getKey(), e.getValue().size(), Statistics.median(
              e.getValue().stream().mapToDouble(Double::doubleValue).toArray()))).toList();
      return new Figure(compared, sc.master(), warmupRounds, rounds, Statistics.median(m[0][0]),
          Statistics.median(m[1][0]), Statistics.median(m[0][1]), Statistics.median(m[1][1]),
          Statistics.median(m[0][2]), Statistics.median(m[1][2]), Statistics.median(m[0][3]),
          Statistics.median(m[1][3]), executors, ProcessMemory.childJvmsPeakMib());
    }
  }

  private static void measure(double[][] into, int round, RolloutStage stage) {
    long tokens = stage.groups().stream().mapToLong(RolloutGroup::responseTokenCount).sum();
    into[0][round] = tokens;
    into[1][round] = stage.wallSeconds();
    into[2][round] = stage.busiestPartitionSeconds();
    into[3][round] = tokens / stage.wallSeconds();
  }
}
