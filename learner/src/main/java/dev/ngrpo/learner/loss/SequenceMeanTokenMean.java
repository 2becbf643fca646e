package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * {@code seq-mean-token-mean}, the original GRPO aggregation: each sequence's token mean, then
 * the mean over sequences, so every response weighs the same whatever its length.
 *
 * <pre>
 *   n_b = sum_t mask_{b,t}
 *   L   = sum_{b: n_b &gt; 0} (sum_t mask * loss / n_b)  /  max(#{b: n_b &gt; 0}, 1)
 * </pre>
 *
 * <p>Rows with no response token (padding rows) are left out of the mean over sequences.
 */
final class SequenceMeanTokenMean implements LossAggregation {

  @Override
  public NDArray aggregate(NDArray tokenLosses, NDArray mask) {
    return Scoped.result(() -> {
      NDArray counts = mask.sum(new int[] {1});
      NDArray sequenceMeans = tokenLosses.mul(mask).sum(new int[] {1}).div(counts.maximum(1f));
      return sequenceMeans.sum().div(SequenceCount.nonEmpty(counts));
    });
  }

  @Override
  public double microBatchWeight(TokenCounts micro, TokenCounts whole) {
    return whole.sequences() == 0 ? 0 : (double) micro.sequences() / whole.sequences();
  }
}
