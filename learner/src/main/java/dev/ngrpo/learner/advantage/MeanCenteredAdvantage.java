package dev.ngrpo.learner.advantage;

/**
 * Dr. GRPO's advantage (docs/algorithm.md section 1, {@code dr-grpo}): the group mean is subtracted
 * and nothing is divided, so groups with little reward spread are not up-weighted:
 *
 * <pre>
 *   A_i = r_i - mean(r)
 * </pre>
 *
 * <p>A group of one response uses mean 0 and so gets {@code A = r}: docs/algorithm.md is silent here,
 * and the reference implementation computes Dr. GRPO as GRPO without the std division, which
 * carries GRPO's "group of one: mean 0" rule over.
 */
public final class MeanCenteredAdvantage implements AdvantageEstimator {

  @Override
  public float[] advantages(String promptId, float[] rewards) {
    RewardChecks.requireFinite(promptId, rewards);
    double mean = rewards.length > 1 ? GroupStatistics.mean(rewards, 0, 0) : 0;
    float[] a = new float[rewards.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (rewards[i] - mean);
    }
    return a;
  }
}
