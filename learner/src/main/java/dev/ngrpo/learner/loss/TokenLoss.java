package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * What a {@link PolicyLoss} returns for a mini-batch: the per-token loss and where clipping bound.
 * It holds tensors, so it lives only inside the learner step's scope that made it; read the
 * clip fractions out as numbers before that scope closes.
 */
public final class TokenLoss {
  private final NDArray loss;
  private final NDArray clippedPositive;
  private final NDArray clippedNegative;

  /**
   * @param loss {@code (B, T) float32} per-token loss, differentiable w.r.t. the log-probs
   * @param clippedPositive {@code (B, T) float32} 1 where A > 0 and the ratio is above 1 +
   *     eps_high (the upper clip bound binds, no gradient), else 0
   * @param clippedNegative {@code (B, T) float32} 1 where A < 0 and the ratio is below 1 -
   *     eps_low (the lower clip bound binds, no gradient), else 0
   */
  public TokenLoss(NDArray loss, NDArray clippedPositive, NDArray clippedNegative) {
    this.loss = loss;
    this.clippedPositive = clippedPositive;
    this.clippedNegative = clippedNegative;
  }

  /** {@code (B, T) float32} per-token loss; padding positions are not masked yet. */
  public NDArray loss() {
    return loss;
  }

  /** {@code (B, T) float32} 0/1 indicator of upper-bound clipping (A > 0, rho > 1 + eps_high). */
  public NDArray clippedPositive() {
    return clippedPositive;
  }

  /** {@code (B, T) float32} 0/1 indicator of lower-bound clipping (A < 0, rho < 1 - eps_low). */
  public NDArray clippedNegative() {
    return clippedNegative;
  }
}
