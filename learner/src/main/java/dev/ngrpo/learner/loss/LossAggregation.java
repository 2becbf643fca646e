package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * Reduces a mini-batch's per-token losses to the scalar that is back-propagated (docs/algorithm.md
 * section 2, "aggregation"), counting response tokens only. This axis is orthogonal to the
 * policy loss: any loss can be aggregated any way.
 */
public interface LossAggregation {

  /**
   * The aggregated loss.
   *
   * @param tokenLosses {@code (B, T) float32} per-token losses
   * @param mask {@code (B, T) float32}, 1 on response tokens and 0 on padding (and prompt)
   * @return {@code () float32} scalar, differentiable w.r.t. {@code tokenLosses}; intermediates
   *     are closed and the result belongs to the caller's scope
   */
  NDArray aggregate(NDArray tokenLosses, NDArray mask);

  /**
   * The factor that makes micro-batches add up to the mini-batch: when a mini-batch is too big
   * for one forward pass and is split into micro-batches, {@code sum_micro weight * aggregate(micro)}
   * equals {@code aggregate(mini-batch)} (and so does its gradient).
   *
   * @param micro response tokens and non-empty sequences of the micro-batch
   * @param whole the same counts for the whole mini-batch
   */
  double microBatchWeight(TokenCounts micro, TokenCounts whole);
}
