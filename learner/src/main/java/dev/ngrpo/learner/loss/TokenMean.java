package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * {@code token-mean}, the default of every preset: every response token of the mini-batch weighs
 * the same, so long responses weigh more than short ones.
 *
 * <pre>
 *   L = sum_{b,t} mask * loss / max(sum_{b,t} mask, 1)
 * </pre>
 *
 * <p>The {@code max(., 1)} only matters for a mask with no token, which gives 0, not NaN.
 */
final class TokenMean implements LossAggregation {

  @Override
  public NDArray aggregate(NDArray tokenLosses, NDArray mask) {
    return Scoped.result(() -> tokenLosses.mul(mask).sum().div(mask.sum().maximum(1f)));
  }

  @Override
  public double microBatchWeight(TokenCounts micro, TokenCounts whole) {
    return whole.tokens() == 0 ? 0 : (double) micro.tokens() / whole.tokens();
  }
}
