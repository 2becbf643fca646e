package dev.ngrpo.learner.step;

import dev.ngrpo.learner.advantage.AdvantageEstimator;
import dev.ngrpo.learner.config.AlgorithmConfig;
import dev.ngrpo.learner.config.LearnerSetup;
import dev.ngrpo.learner.filter.GroupFilter;
import dev.ngrpo.learner.loss.EntropyBonus;
import dev.ngrpo.learner.loss.KlPenalty;
import dev.ngrpo.learner.loss.LossAggregation;
import dev.ngrpo.learner.loss.PolicyLoss;
import dev.ngrpo.learner.optim.LearningRateSchedule;
import dev.ngrpo.learner.reward.GroupRewards;
import java.util.Objects;

/**
 * The pluggable pieces of a learner step, built once from the configuration: each is looked up
 * in its registry by the name the preset (or an override) gives.
 *
 * @param rewards scores to rewards: r_max and DAPO's overlong shaping
 * @param estimator advantages from a group's rewards
 * @param filter dynamic sampling
 * @param policyLoss per-token surrogate
 * @param aggregation per-token losses to one scalar
 * @param klPenalty KL to the reference policy, or null when kl-coef is 0 (no reference model)
 * @param entropyBonus entropy term (coefficient 0 disables it)
 * @param schedule learning rate per optimizer update
 * @param gradClip max global gradient norm
 */
record LearnerParts(
    GroupRewards rewards,
    AdvantageEstimator estimator,
    GroupFilter filter,
    PolicyLoss policyLoss,
    LossAggregation aggregation,
    KlPenalty klPenalty,
    EntropyBonus entropyBonus,
    LearningRateSchedule schedule,
    double gradClip) {

  LearnerParts {
    Objects.requireNonNull(rewards, "rewards");
    Objects.requireNonNull(estimator, "estimator");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(policyLoss, "policyLoss");
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(entropyBonus, "entropyBonus");
    Objects.requireNonNull(schedule, "schedule");
  }

  /** The parts {@code setup} names. */
  static LearnerParts from(LearnerSetup setup) {
    AlgorithmConfig a = setup.learner().algorithm();
    int maxLength = setup.maxResponseLength();
    return new LearnerParts(
        new GroupRewards(a.maxReward(), a.overlongShaping(maxLength)),
        a.newAdvantageEstimator(),
        a.newGroupFilter(),
        a.newPolicyLoss(),
        a.newLossAggregation(maxLength),
        a.usesReferenceModel() ? a.klPenalty() : null,
        a.entropyBonus(),
        setup.learner().optimizer().newSchedule(setup.totalUpdates()),
        setup.learner().optimizer().gradClip());
  }

  /** The same parts with another policy loss (tests that inject faults). */
  LearnerParts withPolicyLoss(PolicyLoss loss) {
    return new LearnerParts(rewards, estimator, filter, loss, aggregation, klPenalty,
        entropyBonus, schedule, gradClip);
  }
}
