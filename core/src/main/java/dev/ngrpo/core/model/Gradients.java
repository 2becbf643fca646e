package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * Gradient buffers of trainable parameters. PyTorch accumulates gradients across backward
 * passes and collectors, so whoever applies an update clears them right after (see STACK.md).
 */
public final class Gradients {
  private Gradients() {}

  /** Sets the gradient of every parameter to exactly 0 (NaN and Inf included). */
  public static void zero(List<NDArray> parameters) {
    for (NDArray p : parameters) {
      if (p.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) p);
      }
    }
  }
}
