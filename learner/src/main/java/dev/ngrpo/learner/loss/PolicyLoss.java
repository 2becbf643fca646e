package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * A per-token policy-gradient loss (docs/algorithm.md section 2), before aggregation: the learner
 * masks and reduces it with a {@link LossAggregation}. The ratio is
 * {@code rho = exp(logProbs - oldLogProbs)}.
 */
public interface PolicyLoss {

  /**
   * The per-token loss and clip indicators of one mini-batch. Intermediates are closed; the
   * three results belong to the caller's scope.
   *
   * @param logProbs {@code (B, T) float32} log-probs of the sampled tokens under the policy being
   *     trained; the loss is differentiable w.r.t. them
   * @param oldLogProbs {@code (B, T) float32} log-probs under the policy that generated them,
   *     recomputed without gradient
   * @param advantages {@code (B, T)} or {@code (B, 1) float32} advantages, broadcast over tokens
   * @return {@code (B, T) float32} loss and clip indicators
   */
  TokenLoss compute(NDArray logProbs, NDArray oldLogProbs, NDArray advantages);
}
