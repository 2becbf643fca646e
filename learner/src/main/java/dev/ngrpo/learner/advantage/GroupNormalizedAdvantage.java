package dev.ngrpo.learner.advantage;

/**
 * GRPO's group-normalized advantage (docs/algorithm.md section 1, {@code grpo}):
 *
 * <pre>
 *   A_i = (r_i - mean(r)) / (std(r) + 1e-6)
 * </pre>
 *
 * <p>with the unbiased sample std (divide by G - 1). A group of one response has no sample std;
 * as docs/algorithm.md prescribes (and the reference implementation does), it uses mean 0 and std 1,
 * so its advantage is {@code r / (1 + 1e-6)}: a lone correct response is pushed up rather than
 * ignored. A homogeneous group of two or more gets all zeros (the dead zone NGRPO removes).
 */
public final class GroupNormalizedAdvantage implements AdvantageEstimator {
  /** Added to the std so a homogeneous group divides 0 by 1e-6 instead of 0 by 0. */
  public static final double EPSILON = 1e-6;

  @Override
  public float[] advantages(String promptId, float[] rewards) {
    RewardChecks.requireFinite(promptId, rewards);
    double mean = 0;
    double std = 1;
    if (rewards.length > 1) {
      mean = GroupStatistics.mean(rewards, 0, 0);
      std = GroupStatistics.unbiasedStd(rewards, 0, 0, mean);
    }
    float[] a = new float[rewards.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((rewards[i] - mean) / (std + EPSILON));
    }
    return a;
  }
}
