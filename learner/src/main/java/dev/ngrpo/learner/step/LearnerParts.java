package dev.ngrpo.learner.step;

import dev.ngrpo.learner.advantage.AdvantageEstimator;
import dev.ngrpo.learner.config.AlgorithmConfig;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.learner.filter.GroupFilter;
import dev.ngrpo.learner.loss.EntropyBonus;
import dev.ngrpo.learner.loss.KlPenalty;
import dev.ngrpo.learner.loss.LossAggregation;
import dev.ngrpo.learner.loss.PolicyLoss;
import dev.ngrpo.learner.optim.LearningRateSchedule;
import dev.ngrpo.learner.reward.OverlongShaping;
import java.util.Objects;

/**
 * The pluggable pieces of a learner step, built once from the configuration: each is looked up
 * in its registry by the name the preset (or an override) gives.
 *
 * @param estimator advantages from a group's rewards
 * @param filter dynamic sampling
 * @param policyLoss per-token surrogate
 * @param aggregation per-token losses to one scalar
 * @param klPenalty KL to the reference policy, or null when kl-coef is 0 (no reference model)
 * @param entropyBonus entropy term (coefficient 0 disables it)
 * @param overlongShaping DAPO reward shaping, or null when off
 * @param schedule learning rate per optimizer update
 * @param maxReward r_max: what "correct" means for accuracy and group composition
 * @param gradClip max global gradient norm
 */
public record LearnerParts(
    AdvantageEstimator estimator,
    GroupFilter filter,
    PolicyLoss policyLoss,
    LossAggregation aggregation,
    KlPenalty klPenalty,
    EntropyBonus entropyBonus,
    OverlongShaping overlongShaping,
    LearningRateSchedule schedule,
    double maxReward,
    double gradClip) {

  public LearnerParts {
    Objects.requireNonNull(estimator, "estimator");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(policyLoss, "policyLoss");
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(entropyBonus, "entropyBonus");
    Objects.requireNonNull(schedule, "schedule");
  }

  /**
   * The parts {@code config} names.
   *
   * @param maxResponseLength the rollout's max new tokens (Dr.GRPO's normalizer, DAPO's L_max)
   * @param totalSteps training steps of the run (for schedules that decay over the run)
   */
  public static LearnerParts from(LearnerConfig config, int maxResponseLength, long totalSteps) {
    AlgorithmConfig a = config.algorithm();
    long updates = totalSteps * config.miniBatches() * config.epochs();
    return new LearnerParts(
        a.newAdvantageEstimator(),
        a.newGroupFilter(),
        a.newPolicyLoss(),
        a.newLossAggregation(maxResponseLength),
        a.usesReferenceModel() ? a.klPenalty() : null,
        a.entropyBonus(),
        a.overlongEnabled() ? a.overlongShaping(maxResponseLength) : null,
        config.optimizer().newSchedule(updates),
        a.maxReward(),
        config.optimizer().gradClip());
  }

  /** The same parts with another policy loss (ablations, and tests that inject faults). */
  public LearnerParts withPolicyLoss(PolicyLoss loss) {
    return new LearnerParts(estimator, filter, loss, aggregation, klPenalty, entropyBonus,
        overlongShaping, schedule, maxReward, gradClip);
  }
}
