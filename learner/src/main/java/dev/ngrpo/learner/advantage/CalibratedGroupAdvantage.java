package dev.ngrpo.learner.advantage;

/**
 * NGRPO's calibrated advantage (docs/algorithm.md section 1, {@code ngrpo}; arXiv 2509.18851
 * "advantage calibration"):
 *
 * <pre>
 *   r' = (r_1, ..., r_G, r_max, ..., r_max)          K copies of r_max appended
 *   A_i = (r_i - mean(r')) / (std(r') + 1e-6)        i = 1..G only
 * </pre>
 *
 * <p>with the unbiased std over the G + K values. The virtual samples only move the statistics;
 * they get no advantage and nothing else is scaled. Because r_max is the best reward the task can
 * give (a configured constant, never the best one observed), mean(r') is above every reward of a
 * group that is not all correct: an all-wrong group gets a negative advantage (-1/3 for G = 8,
 * K = 1) instead of GRPO's zero, and a reward below mean(r') is never pushed up.
 *
 * <p>r_max is rounded to float, the rewards' precision, so a reward equal to it compares equal
 * and an all-correct group gets exactly 0.
 */
public final class CalibratedGroupAdvantage implements AdvantageEstimator {
  private final float maxReward;
  private final int virtualSamples;

  /**
   * @param maxReward r_max, finite and {@code > 0}
   * @param virtualSamples K, at least 1
   */
  public CalibratedGroupAdvantage(double maxReward, int virtualSamples) {
    AdvantageParameters checked = new AdvantageParameters(maxReward, virtualSamples, 0);
    this.maxReward = (float) checked.maxReward();
    this.virtualSamples = checked.virtualSamples();
  }

  @Override
  public float[] advantages(String promptId, float[] rewards) {
    RewardChecks.requireAtMost(promptId, rewards, maxReward);
    double mean = GroupStatistics.mean(rewards, virtualSamples, maxReward);
    double std = GroupStatistics.unbiasedStd(rewards, virtualSamples, maxReward, mean);
    float[] a = new float[rewards.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((rewards[i] - mean) / (std + GroupNormalizedAdvantage.EPSILON));
    }
    return a;
  }


  /** r_max as used, rounded to float. */
  public float maxReward() {
    return maxReward;
  }

  public int virtualSamples() {
    return virtualSamples;
  }
}
