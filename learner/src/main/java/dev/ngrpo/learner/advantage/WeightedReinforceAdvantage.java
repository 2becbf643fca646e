package dev.ngrpo.learner.advantage;

/**
 * W-REINFORCE, the paper's "PSR-NSR" baseline (docs/algorithm.md section 1, {@code w-reinforce}):
 * positive-sample reinforcement down-weighted by lambda, negative-sample reinforcement at full
 * weight, no group statistics:
 *
 * <pre>
 *   A_i = +lambda   if r_i == r_max   (correct)
 *   A_i = -1        otherwise
 * </pre>
 *
 * <p>An all-correct group therefore gets +lambda on every response, not 0: the advantage does
 * not depend on the other responses. The comparison with r_max is in float, the rewards'
 * precision.
 */
public final class WeightedReinforceAdvantage implements AdvantageEstimator {
  private final float maxReward;
  private final double positiveWeight;

  /**
   * @param maxReward r_max, finite and {@code > 0}
   * @param positiveWeight lambda, finite and {@code >= 0} (0.1 in the paper)
   */
  public WeightedReinforceAdvantage(double maxReward, double positiveWeight) {
    AdvantageParameters checked = new AdvantageParameters(maxReward, 1, positiveWeight);
    this.maxReward = (float) checked.maxReward();
    this.positiveWeight = checked.positiveWeight();
  }

  @Override
  public float[] advantages(String promptId, float[] rewards) {
    RewardChecks.requireAtMost(promptId, rewards, maxReward);
    float[] a = new float[rewards.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = rewards[i] == maxReward ? (float) positiveWeight : -1f;
    }
    return a;
  }

  /** 1: each advantage depends on its own reward alone. */
  @Override
  public int minimumGroupSize() {
    return 1;
  }
}
