package dev.ngrpo.learner.advantage;

/**
 * What the estimators of {@link AdvantageEstimators} may need; each reads only its own fields.
 *
 * @param maxReward r_max, the best reward the task can give (1.0 for 0/1 rewards), a configured
 *     constant and never the best reward observed; used by {@code ngrpo} and {@code w-reinforce}
 * @param virtualSamples K, how many copies of r_max {@code ngrpo} appends to the statistics
 * @param positiveWeight lambda, the advantage {@code w-reinforce} gives a correct response
 */
public record AdvantageParameters(double maxReward, int virtualSamples, double positiveWeight) {

  public AdvantageParameters {
    if (!Double.isFinite(maxReward) || maxReward <= 0) {
      throw new IllegalArgumentException(
          "max reward must be a finite number > 0, got " + maxReward);
    }
    if (virtualSamples < 1) {
      throw new IllegalArgumentException("virtual samples must be >= 1, got " + virtualSamples);
    }
    if (!Double.isFinite(positiveWeight) || positiveWeight < 0) {
      throw new IllegalArgumentException(
          "positive weight (lambda) must be a finite number >= 0, got " + positiveWeight);
    }
  }

  /** The NGRPO paper's values: r_max 1.0, K = 1, lambda 0.1. */
  public static AdvantageParameters defaults() {
    return new AdvantageParameters(1.0, 1, 0.1);
  }
}
