package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.ngrpo.core.model.TensorTypes;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * PPO's clipped surrogate with separate lower and upper bounds (NGRPO's asymmetric clipping,
 * docs/algorithm.md section 2), per token:
 *
 * <pre>
 *   rho  = exp(logp_theta - logp_old)
 *   loss = -min(rho * A, clip(rho, 1 - eps_low, 1 + eps_high) * A)
 *   dual-clip (c &gt; 0), for A &lt; 0 only:  loss = min(loss, -c * A)
 * </pre>
 *
 * <p>Because of the min, for A &gt; 0 only the upper bound can bind (the token stops being pushed
 * up once rho &gt; 1 + eps_high) and for A &lt; 0 only the lower bound (it stops being pushed down
 * once rho &lt; 1 - eps_low). Dual-clip caps the loss of a negative-advantage token whose ratio
 * has grown far above 1 at {@code -c * A}, so one stale token cannot dominate the batch.
 */
public final class ClippedSurrogateLoss implements PolicyLoss {
  private final ClipBounds bounds;

  public ClippedSurrogateLoss(ClipBounds bounds) {
    this.bounds = bounds;
  }

  @Override
  public TokenLoss compute(NDArray logProbs, NDArray oldLogProbs, NDArray advantages) {
    double low = 1 - bounds.clipLow();
    double high = 1 + bounds.clipHigh();
    NDList out = Scoped.results(() -> {
      NDArray ratio = logProbs.sub(oldLogProbs).exp();
      NDArray unclipped = ratio.mul(advantages).neg();
      NDArray clipped = ratio.clip(low, high).mul(advantages).neg();
      NDArray loss = unclipped.maximum(clipped);
      if (bounds.dualClip() > 0) {
        NDArray capped = loss.minimum(advantages.mul(-bounds.dualClip()));
        // DJL's where does not broadcast its condition: expand (B, 1) advantages to (B, T).
        loss = NDArrays.where(advantages.lt(0).broadcast(loss.getShape()), capped, loss);
      }
      NDArray positive =
          TensorTypes.cast(advantages.gt(0).logicalAnd(ratio.gt(high)), DataType.FLOAT32);
      NDArray negative =
          TensorTypes.cast(advantages.lt(0).logicalAnd(ratio.lt(low)), DataType.FLOAT32);
      return new NDList(loss, positive, negative);
    });
    return new TokenLoss(out.get(0), out.get(1), out.get(2));
  }


  public ClipBounds bounds() {
    return bounds;
  }
}
