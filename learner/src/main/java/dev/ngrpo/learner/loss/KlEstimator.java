package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * A per-token estimate of KL(pi_theta || pi_ref) from the log-probs of the sampled tokens
 * (docs/algorithm.md section 2, optional terms; Schulman's k1/k2/k3 estimators).
 */
public interface KlEstimator {

  /**
   * The per-token estimate.
   *
   * @param logProbs {@code (B, T) float32} log-probs under the policy being trained; the
   *     estimate is differentiable w.r.t. them
   * @param refLogProbs {@code (B, T) float32} log-probs under the frozen reference policy
   * @return {@code (B, T) float32}, in the caller's scope
   */
  NDArray perToken(NDArray logProbs, NDArray refLogProbs);

  /** The registry name, e.g. {@code k3}. */
  String name();
}
