package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.core.model.Scalars;
import dev.ngrpo.learner.tensor.Scoped;
import java.util.Objects;

/**
 * The KL-to-reference term of the per-token loss (docs/algorithm.md section 2):
 * {@code loss += beta_KL * k(logp_theta, logp_ref)}. With {@code beta_KL = 0} (ngrpo, dapo,
 * w-reinforce, dr-grpo) the learner keeps no reference model and never calls this.
 *
 * @param estimator k1, k2 or k3
 * @param coefficient beta_KL, finite and {@code >= 0}
 */
public record KlPenalty(KlEstimator estimator, double coefficient) {

  public KlPenalty {
    Objects.requireNonNull(estimator, "estimator");
    if (!Double.isFinite(coefficient) || coefficient < 0) {
      throw new IllegalArgumentException(
          "kl-coef must be a finite number >= 0, got " + coefficient);
    }
  }

  /**
   * {@code tokenLoss + beta_KL * k}.
   *
   * @param tokenLoss {@code (B, T) float32}
   * @param logProbs {@code (B, T) float32} under the policy being trained
   * @param refLogProbs {@code (B, T) float32} under the reference policy
   * @return {@code (B, T) float32}, a new array in the caller's scope
   */
  public NDArray addTo(NDArray tokenLoss, NDArray logProbs, NDArray refLogProbs) {
    return Scoped.result(() ->
        tokenLoss.add(estimator.perToken(logProbs, refLogProbs)
            .mul(Scalars.of(logProbs, (float) coefficient))));
  }
}
