package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * {@code k3}, the low-variance unbiased estimator used by GRPO:
 *
 * <pre>
 *   x  = logp_ref - logp_theta
 *   k3 = clamp(exp(x) - x - 1, -10, 10)
 * </pre>
 *
 * <p>It is never negative; the clamp only bounds the rare token whose reference log-prob is far
 * above the policy's, where exp(x) would explode.
 */
final class LowVarianceKl implements KlEstimator {
  static final float BOUND = 10f;

  @Override
  public NDArray perToken(NDArray logProbs, NDArray refLogProbs) {
    return Scoped.result(() -> {
      NDArray x = refLogProbs.sub(logProbs);
      return x.exp().sub(x).sub(1f).clip(-BOUND, BOUND);
    });
  }

  @Override
  public String name() {
    return "k3";
  }
}
