package dev.ngrpo.learner.critic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.ngrpo.core.model.TensorTypes;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * PPO2's clipped value loss per token (OpenAI baselines {@code ppo2/model.py}; verl's
 * {@code compute_value_loss}):
 *
 * <pre>
 *   V_clipped = clip(V, V_old - c, V_old + c)
 *   loss      = max((V - R)^2, (V_clipped - R)^2)
 * </pre>
 *
 * <p>with R the GAE returns ({@link Gae#returns}) and V_old the values they were computed with.
 * Like the policy's clipped surrogate, the max is pessimistic: once V has moved more than c from
 * V_old towards R, the clipped branch is the larger and its gradient is 0, so one update cannot
 * pull the critic far from the values the advantages were computed with; a move away from R is
 * never clipped. There is no 0.5 factor: the learner multiplies by its value coefficient.
 *
 * <p>Both the clip and the max are selects ({@code where}) rather than {@code maximum}/
 * {@code minimum}, because PyTorch splits the gradient of those evenly at a tie: a V exactly on
 * a bound would lose a quarter of its gradient (the two branches tie at the max, and the clipped
 * branch's half is halved again at the clip). With selects the gradient is exactly 2 (V - R)
 * wherever the clipped branch is not strictly larger, and 0 where it is (V is then strictly
 * outside the range, since inside it V_clipped = V).
 */
public final class ValueLoss {
  private final double clipRange;

  /**
   * @param clipRange c, {@code > 0}, in the units of the returns
   * @throws IllegalArgumentException otherwise
   */
  public ValueLoss(double clipRange) {
    if (!(clipRange > 0)) {
      throw new IllegalArgumentException("value clip range must be > 0, got " + clipRange);
    }
    this.clipRange = clipRange;
  }

  public double clipRange() {
    return clipRange;
  }

  /**
   * @param values {@code (B, T) float32} V, the critic's current values (requires gradient in
   *     training)
   * @param oldValues {@code (B, T) float32} V_old, the values GAE used
   * @param returns {@code (B, T) float32} R
   * @return the per-token loss and clip indicator, in the caller's scope
   * @throws IllegalArgumentException when the shapes differ
   */
  public Result compute(NDArray values, NDArray oldValues, NDArray returns) {
    if (!values.getShape().equals(oldValues.getShape())
        || !values.getShape().equals(returns.getShape())) {
      throw new IllegalArgumentException("values " + values.getShape() + ", old values "
          + oldValues.getShape() + " and returns " + returns.getShape() + " must have one shape");
    }
    NDList out = Scoped.results(() -> {
      NDArray low = oldValues.sub(clipRange);
      NDArray high = oldValues.add(clipRange);
      NDArray clippedValues = NDArrays.where(values.lt(low), low,
          NDArrays.where(values.gt(high), high, values));
      NDArray unclippedLoss = values.sub(returns).square();
      NDArray clippedLoss = clippedValues.sub(returns).square();
      NDArray larger = clippedLoss.gt(unclippedLoss);
      NDArray loss = NDArrays.where(larger, clippedLoss, unclippedLoss);
      return new NDList(loss, TensorTypes.cast(larger, DataType.FLOAT32));
    });
    return new Result(out.get(0), out.get(1));
  }

  /**
   * What {@link #compute} returns. It holds tensors, so it lives only in the caller's scope; read
   * the clip fraction out as a number before that scope closes.
   *
   * @param loss {@code (B, T) float32} per-token loss, differentiable w.r.t. V; padding
   *     positions are not masked
   * @param clipped {@code (B, T) float32} 1 where the clipped branch is strictly larger (no
   *     gradient), else 0
   */
  public record Result(NDArray loss, NDArray clipped) {}
}
