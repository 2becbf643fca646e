package dev.ngrpo.learner.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;

/**
 * The learner section {@code ngrpo.learner}: how a step's groups become optimizer updates, when
 * divergence stops the run, and the algorithm and optimizer subsections.
 *
 * @param miniBatches {@code mini-batches} &gt;= 1 updates per epoch of a step
 * @param epochs {@code epochs} &gt;= 1 passes over a step's groups
 * @param shuffle {@code shuffle}: permute groups before each epoch's split
 * @param maxConsecutiveNonFinite {@code max-consecutive-nonfinite} &gt;= 1 skipped diverged
 *     steps in a row that stop the run
 * @param microBatchSize {@code micro-batch-size}: responses per forward pass, 0 = a whole
 *     mini-batch at once; gradients of micro-batches accumulate into one update
 * @param algorithm the preset with its overrides
 * @param optimizer {@code optimizer}
 */
public record LearnerConfig(
    int miniBatches,
    int epochs,
    boolean shuffle,
    int maxConsecutiveNonFinite,
    int microBatchSize,
    AlgorithmConfig algorithm,
    OptimizerConfig optimizer) {

  public static final String PATH = "ngrpo.learner";

  /** Reads and validates the section of the fully resolved configuration {@code root}. */
  public static LearnerConfig from(Config root) {
    Settings s = Settings.of(root, PATH);
    return new LearnerConfig(
        s.positiveInt("mini-batches"),
        s.positiveInt("epochs"),
        s.bool("shuffle"),
        s.positiveInt("max-consecutive-nonfinite"),
        s.nonNegativeInt("micro-batch-size"),
        AlgorithmConfig.from(root),
        OptimizerConfig.from(root));
  }
}
