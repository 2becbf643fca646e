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
 * @param critic {@code ngrpo.critic}, PPO's value model (used by the {@code gae} estimator only)
 */
public record LearnerConfig(
    int miniBatches,
    int epochs,
    boolean shuffle,
    int maxConsecutiveNonFinite,
    int microBatchSize,
    AlgorithmConfig algorithm,
    OptimizerConfig optimizer,
    CriticConfig critic) {

  public static final String PATH = "ngrpo.learner";

  /** Whether the run trains PPO's critic: the {@code gae} advantage estimator. */
  public boolean usesCritic() {
    return algorithm.newAdvantageEstimator().needsCritic();
  }

  /**
   * Whether the learner keeps a frozen reference policy: for the KL term of the loss
   * ({@code kl-coef > 0}), or PPO's KL in the reward ({@code ngrpo.critic.kl-in-reward > 0}).
   */
  public boolean usesReferenceModel() {
    return algorithm.usesReferenceModel() || usesCritic() && critic.klInReward() > 0;
  }

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
        OptimizerConfig.from(root),
        CriticConfig.from(root));
  }
}
