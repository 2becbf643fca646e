package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar constants for tensor code that is differentiated.
 *
 * <p>DJL's {@code Number} overloads ({@code mul(Number)}, {@code div(Number)},
 * {@code pow(Number)}, {@code maximum(Number)}, ...) wrap the number in a tensor that borrows a
 * Java direct buffer ({@code torch::from_blob}), run the op, and close that tensor at once. When
 * the op saves its operand for the backward pass (mul, div, pow, maximum, minimum do), the saved
 * tensor still points into the buffer, which the garbage collector may free and reuse before
 * {@code backward}: gradients then come out as garbage, sporadically NaN. Seen in this project
 * as NaN gradients after a few hundred warm-start steps, and never with the garbage collector
 * off. Constants made here are allocated by PyTorch itself, so a backward pass can always
 * read them.
 */
public final class Scalars {
  private Scalars() {}

  /**
   * A 0-d float32 tensor holding {@code value} on {@code like}'s device, attached to its manager
   * (and to the enclosing NDScope).
   */
  public static NDArray of(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, DataType.FLOAT32);
  }
}
