package dev.ngrpo.learner.reward;

import dev.ngrpo.core.data.RolloutGroup;

/**
 * The rewards an advantage estimator learns from. Verifiers score each response in
 * {@code [0, 1]}; the reward is {@code score * r_max}, in float like the scores, so r_max is the
 * reward of a correct response and lives only in the learner. DAPO's overlong shaping, when on,
 * is added after the scaling.
 *
 * @param maxReward r_max, finite and {@code > 0}
 * @param overlong DAPO's overlong shaping, or null when off
 */
public record GroupRewards(double maxReward, OverlongShaping overlong) {

  public GroupRewards {
    if (!Double.isFinite(maxReward) || maxReward <= 0) {
      throw new IllegalArgumentException(
          "max reward must be a finite number > 0, got " + maxReward);
    }
  }

  /** {@code [G]} rewards of the responses of {@code group}; the group is not modified. */
  public float[] of(RolloutGroup group) {
    float scale = (float) maxReward;
    float[] scores = group.rewards();
    float[] rewards = new float[scores.length];
    for (int i = 0; i < rewards.length; i++) {
      rewards[i] = scores[i] * scale;
    }
    return overlong == null ? rewards : overlong.shapedRewards(group, rewards);
  }
}
