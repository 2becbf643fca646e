package dev.ngrpo.learner.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Clipping by the global L2 norm over all gradients, as PyTorch's {@code clip_grad_norm_}:
 *
 * <pre>
 *   norm = sqrt(sum_p sum_i g_{p,i}^2)
 *   coef = maxNorm / (norm + 1e-6)
 *   if coef &lt; 1:  g &lt;- g * coef        (every gradient, in place)
 * </pre>
 *
 * <p>The 1e-6 keeps the division finite for an all-zero gradient and leaves the clipped norm a
 * hair under maxNorm. A non-finite norm (NaN/Inf somewhere in the gradients) is returned and
 * nothing is scaled: scaling would only spread the NaN, and a diverged step is its own, reported
 * event that the caller skips.
 */
public final class GradientClipping {
  /** PyTorch's guard in the clip coefficient. */
  public static final double EPSILON = 1e-6;

  private GradientClipping() {}

  /**
   * Clips {@code gradients} in place to a global L2 norm of at most {@code maxNorm}.
   *
   * @param gradients the gradients of all parameters, any shapes, {@code float32}; the arrays
   *     returned by {@code getGradient()} share storage with the parameters' gradients, so
   *     scaling them scales what the optimizer sees
   * @param maxNorm the largest allowed norm, finite and {@code > 0} (1.0)
   * @return the global norm before clipping, possibly NaN or infinite
   */
  public static double clipGlobalNorm(List<NDArray> gradients, double maxNorm) {
    if (!(maxNorm > 0) || !Double.isFinite(maxNorm)) {
      throw new IllegalArgumentException("grad-clip must be a finite number > 0, got " + maxNorm);
    }
    double norm = globalNorm(gradients);
    double coef = maxNorm / (norm + EPSILON);
    if (Double.isFinite(norm) && coef < 1) {
      for (NDArray g : gradients) {
        g.muli(coef);
      }
    }
    return norm;
  }

  /**
   * {@code sqrt(sum_p sum_i g_{p,i}^2)}: each gradient's sum of squares in float32 on its
   * device, then one host copy and the total in double. Each gradient's squares are freed as
   * soon as they are summed, so at most one gradient-sized temporary exists at a time.
   */
  public static double globalNorm(List<NDArray> gradients) {
    if (gradients.isEmpty()) {
      throw new IllegalArgumentException("no gradients");
    }
    float[] squares;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList perTensor = new NDList(gradients.size());
      for (NDArray g : gradients) {
        NDArray square = g.square();
        perTensor.add(square.sum());
        square.close();
      }
      squares = NDArrays.stack(perTensor).toFloatArray();
    }
    double total = 0;
    for (float s : squares) {
      total += s;
    }
    return Math.sqrt(total);
  }
}
