package dev.ngrpo.learner.step;

/**
 * Sums over a step's optimizer updates, turned into the per-step figures of docs/algorithm.md
 * section 6 (token-weighted means over the response tokens that were trained on).
 */
final class StepTotals {
  double tokens;
  double clippedPositive;
  double clippedNegative;
  double entropy;
  double kl;
  double loss;
  double gradNormSum;
  double gradNormMax;
  int updates;
  int skippedUpdates;
  double lastLearningRate = Double.NaN;
  long recomputeNanos;
  long forwardNanos;
  long backwardNanos;
  long optimizerNanos;
  /** PPO's critic updates. */
  final CriticStep.Totals critic = new CriticStep.Totals();

  double perToken(double sum) {
    return tokens == 0 ? 0 : sum / tokens;
  }
}
