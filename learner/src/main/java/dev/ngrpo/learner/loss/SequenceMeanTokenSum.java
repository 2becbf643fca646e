package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * {@code seq-mean-token-sum}: each sequence's token sum, then the mean over sequences.
 *
 * <pre>
 *   L = sum_{b,t} mask * loss  /  max(#{b: sum_t mask_{b,t} &gt; 0}, 1)
 * </pre>
 *
 * <p>Rows with no response token (padding rows) are left out of the count of sequences.
 */
final class SequenceMeanTokenSum implements LossAggregation {

  @Override
  public NDArray aggregate(NDArray tokenLosses, NDArray mask) {
    return Scoped.result(() -> tokenLosses.mul(mask).sum()
        .div(SequenceCount.nonEmpty(mask.sum(new int[] {1}))));
  }

  @Override
  public double microBatchWeight(TokenCounts micro, TokenCounts whole) {
    return whole.sequences() == 0 ? 0 : (double) micro.sequences() / whole.sequences();
  }
}
