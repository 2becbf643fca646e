package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.core.model.Scalars;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * The entropy bonus of the per-token loss (docs/algorithm.md section 2):
 * {@code loss -= beta_H * H_t}, beta_H = 0.001 for every preset; it keeps the policy from
 * collapsing onto one answer early.
 *
 * @param coefficient beta_H, finite and {@code >= 0}
 */
public record EntropyBonus(double coefficient) {

  public EntropyBonus {
    if (!Double.isFinite(coefficient) || coefficient < 0) {
      throw new IllegalArgumentException(
          "entropy-coef must be a finite number >= 0, got " + coefficient);
    }
  }

  /**
   * {@code tokenLoss - beta_H * entropy}.
   *
   * @param tokenLoss {@code (B, T) float32}
   * @param entropy {@code (B, T) float32} from {@code dev.ngrpo.core.model.TokenScorer}
   * @return {@code (B, T) float32}, a new array in the caller's scope
   */
  public NDArray subtractFrom(NDArray tokenLoss, NDArray entropy) {
    return Scoped.result(() -> tokenLoss.sub(entropy.mul(Scalars.of(entropy, (float) coefficient))));
  }
}
