package dev.ngrpo.learner.advantage;

/**
 * Rejects rewards an estimator cannot use, naming the prompt, the response and the value: a NaN
 * or a reward above r_max is a verifier bug that would otherwise silently skew a whole group.
 */
final class RewardChecks {
  private RewardChecks() {}

  static void requireNonEmpty(String promptId, float[] rewards) {
    if (rewards.length == 0) {
      throw new IllegalArgumentException("prompt " + promptId + ": group has no rewards");
    }
  }

  static void requireFinite(String promptId, float[] rewards) {
    requireNonEmpty(promptId, rewards);
    for (int i = 0; i < rewards.length; i++) {
      if (!Float.isFinite(rewards[i])) {
        throw new IllegalArgumentException(
            "prompt " + promptId + " response " + i + ": reward " + rewards[i] + " is not finite");
      }
    }
  }

  /**
   * Finite and at most {@code maxReward}; the comparison is in float, the rewards' precision,
   * so a reward of {@code 0.1f} is not "above" a configured {@code 0.1}.
   */
  static void requireAtMost(String promptId, float[] rewards, float maxReward) {
    requireFinite(promptId, rewards);
    for (int i = 0; i < rewards.length; i++) {
      if (rewards[i] > maxReward) {
        throw new IllegalArgumentException("prompt " + promptId + " response " + i + ": reward "
            + rewards[i] + " is above the maximum reward r_max = " + maxReward);
      }
    }
  }
}
