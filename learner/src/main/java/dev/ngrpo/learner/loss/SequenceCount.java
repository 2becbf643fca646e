package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.ngrpo.core.model.TensorTypes;

/** Counts the sequences that have at least one response token, as a divisor. */
final class SequenceCount {
  private SequenceCount() {}

  /**
   * {@code max(#{b: counts_b > 0}, 1)} as a {@code () float32} array in the caller's scope.
   *
   * @param counts {@code (B) float32} response tokens per sequence
   */
  static NDArray nonEmpty(NDArray counts) {
    return TensorTypes.cast(counts.gt(0), DataType.FLOAT32).sum().maximum(1f);
  }
}
