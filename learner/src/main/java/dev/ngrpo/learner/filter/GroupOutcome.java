package dev.ngrpo.learner.filter;

/**
 * What a group's rewards say about the prompt, for filtering and metrics. Rewards are compared
 * with r_max in float, their own precision.
 */
public enum GroupOutcome {
  /** Every reward equals r_max. */
  ALL_CORRECT,
  /** Every reward is 0 (r_max is positive, so this is never also all-correct). */
  ALL_WRONG,
  /** Every reward is the same value, neither 0 nor r_max (e.g. all partial credit 0.5). */
  OTHER_HOMOGENEOUS,
  /** At least two different rewards: the only kind GRPO learns from. */
  MIXED;

  /**
   * The outcome of one group.
   *
   * @param rewards {@code [G]} rewards, G at least 1
   * @param maxReward r_max, finite and {@code > 0}
   */
  public static GroupOutcome of(float[] rewards, double maxReward) {
    requireMaxReward(maxReward);
    if (rewards.length == 0) {
      throw new IllegalArgumentException("a group needs at least one reward");
    }
    float first = rewards[0];
    for (float r : rewards) {
      if (r != first) {
        return MIXED;
      }
    }
    if (first == (float) maxReward) {
      return ALL_CORRECT;
    }
    return first == 0f ? ALL_WRONG : OTHER_HOMOGENEOUS;
  }

  static void requireMaxReward(double maxReward) {
    if (!Double.isFinite(maxReward) || maxReward <= 0) {
      throw new IllegalArgumentException(
          "max reward must be a finite number > 0, got " + maxReward);
    }
  }
}
