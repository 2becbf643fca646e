package dev.ngrpo.orchestrator.bench;

import ai.djl.Device;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.data.PromptCursor;
import dev.ngrpo.orchestrator.experiment.Statistics;
import dev.ngrpo.orchestrator.spark.RolloutStage;
import dev.ngrpo.orchestrator.spark.SparkRollout;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.StartingPolicy;
import dev.ngrpo.orchestrator.weights.PublishedWeights;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import dev.ngrpo.rollout.worker.RolloutJob;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Rollout throughput of one executor JVM against two, on one {@code local-cluster} of two
 * 1-core executors: rounds of two rollout stages of the same prompts, seeds and weights, one
 * stage in one partition (one executor generates every group, the other idles) and one in
 * two (each executor generates half). The two generate the same tokens unless a batch's
 * size changes how the engine rounds (it did not on the machine of docs/benchmarks.md); each
 * stage's throughput counts its own tokens. Both stages of a round run within seconds of each
 * other, so a shared machine's drift between separate runs, which reached 20% on the 2-core
 * VM of docs/benchmarks.md, cancels out of the ratio; the first rounds are a warm-up in which
 * the fresh executor JVMs compile.
 */
public final class JvmScalingBenchmark {
  /**
   * The medians over the measured rounds.
   *
   * @param master the {@code local-cluster} master
   * @param warmupRounds rounds run before the measured ones
   * @param rounds measured rounds
   * @param oneTokens tokens a stage in one partition generated
   * @param twoTokens tokens a stage in two partitions generated
   * @param oneSeconds a stage in one partition, wall time
   * @param twoSeconds a stage in two partitions, wall time
   * @param oneTokensPerSecond a stage in one partition, its tokens over its wall time
   * @param twoTokensPerSecond a stage in two partitions, its tokens over its wall time
   * @param executorPeakMib peak resident memory of the largest executor JVM
   */
  public record Figure(String master, int warmupRounds, int rounds, double oneTokens,
      double twoTokens, double oneSeconds, double twoSeconds, double oneTokensPerSecond,
      double twoTokensPerSecond, long executorPeakMib) {
    /** Two executor JVMs' throughput over one's. */
    public double speedup() {
      return twoTokensPerSecond / oneTokensPerSecond;
    }
  }

  private JvmScalingBenchmark() {}

  /**
   * Runs {@code warmupRounds} + {@code rounds} rounds of {@code config}'s first batch of
   * prompts with its starting policy (published once, by the transport {@code config} picks),
   * on {@code config}'s master, which must start two executor JVMs of one core.
   */
  public static Figure run(RunConfig config, int warmupRounds, int rounds,
      Consumer<String> console) throws IOException {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds = " + rounds + ": at least one is measured");
    }
    try (RunContext context = RunContext.open(config, () -> { });
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
      // [stage in one partition, in two][tokens, seconds, tokens/s][measured round]
      double[][][] m = new double[2][3][rounds];
      for (int r = 0; r < warmupRounds + rounds; r++) {
        RolloutStage a = one.stage("scaling round " + r + ": 1 partition", prompts, job, weights);
        RolloutStage b = two.stage("scaling round " + r + ": 2 partitions", prompts, job,
            weights);
        console.accept(String.format("  [scaling] round %d/%d%s: 1 partition %.2fs,"
            + " 2 partitions %.2fs", r + 1, warmupRounds + rounds,
            r < warmupRounds ? " (warm-up)" : "", a.wallSeconds(), b.wallSeconds()));
        if (r >= warmupRounds) {
          measure(m[0], r - warmupRounds, a);
          measure(m[1], r - warmupRounds, b);
        }
      }
      return new Figure(sc.master(), warmupRounds, rounds, Statistics.median(m[0][0]),
          Statistics.median(m[1][0]), Statistics.median(m[0][1]), Statistics.median(m[1][1]),
          Statistics.median(m[0][2]), Statistics.median(m[1][2]),
          ProcessMemory.childJvmsPeakMib());
    }
  }

  private static void measure(double[][] into, int round, RolloutStage stage) {
    long tokens = stage.groups().stream().mapToLong(RolloutGroup::responseTokenCount).sum();
    into[0][round] = tokens;
    into[1][round] = stage.wallSeconds();
    into[2][round] = tokens / stage.wallSeconds();
  }
}
