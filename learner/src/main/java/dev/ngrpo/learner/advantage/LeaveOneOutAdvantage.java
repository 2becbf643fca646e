package dev.ngrpo.learner.advantage;

/**
 * RLOO, the leave-one-out baseline: each response is compared with the mean of the others,
 *
 * <pre>
 *   A_i = r_i - (sum_j r_j - r_i) / (G - 1)  =  G / (G - 1) * (r_i - mean(r))
 * </pre>
 *
 * <p>A group of one response has no other response to compare with and gets 0.
 */
public final class LeaveOneOutAdvantage implements AdvantageEstimator {

  @Override
  public float[] advantages(String promptId, float[] rewards) {
    RewardChecks.requireFinite(promptId, rewards);
    float[] a = new float[rewards.length];
    if (rewards.length == 1) {
      return a;
    }
    double sum = 0;
    for (float r : rewards) {
      sum += r;
    }
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (rewards[i] - (sum - rewards[i]) / (rewards.length - 1));
    }
    return a;
  }
}
