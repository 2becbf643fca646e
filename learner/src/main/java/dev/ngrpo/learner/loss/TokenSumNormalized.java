package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.core.model.Scalars;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * {@code seq-mean-token-sum-norm}, Dr. GRPO's aggregation: the sum of all token losses divided
 * by a constant, the max response length, so neither a response's length nor the number of
 * tokens in the mini-batch rescales its gradient.
 *
 * <pre>
 *   L = sum_{b,t} mask * loss / L_max
 * </pre>
 */
final class TokenSumNormalized implements LossAggregation {
  private final int maxResponseLength;

  TokenSumNormalized(int maxResponseLength) {
    if (maxResponseLength < 1) {
      throw new IllegalArgumentException(
          "max response length must be >= 1, got " + maxResponseLength);
    }
    this.maxResponseLength = maxResponseLength;
  }

  @Override
  public NDArray aggregate(NDArray tokenLosses, NDArray mask) {
    return Scoped.result(() -> tokenLosses.mul(mask).sum()
        .div(Scalars.of(tokenLosses, maxResponseLength)));
  }

  @Override
  public double microBatchWeight(TokenCounts micro, TokenCounts whole) {
    return 1; // a plain sum over tokens: micro-batch sums add up
  }
}
