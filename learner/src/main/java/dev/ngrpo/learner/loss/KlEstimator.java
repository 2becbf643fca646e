package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.core.config.Registry;
import dev.ngrpo.core.model.Scalars;
import dev.ngrpo.learner.tensor.Scoped;
import java.util.Locale;

/**
 * Schulman's per-token estimators of KL(pi_theta || pi_ref) from the log-probs of the sampled
 * tokens (docs/algorithm.md section 2, optional terms), named in configuration by their
 * lower-case names {@code k1}, {@code k2}, {@code k3}.
 *
 * <p>{@link #perToken} takes {@code (B, T) float32} log-probs under the policy being trained (the
 * estimate is differentiable w.r.t. them) and under the frozen reference policy, and returns a
 * {@code (B, T) float32} estimate in the caller's scope.
 */
public enum KlEstimator {
  /** {@code k1 = logp_theta - logp_ref}: unbiased, high variance, can be negative per token. */
  K1 {
    @Override
    public NDArray perToken(NDArray logProbs, NDArray refLogProbs) {
      return Scoped.result(() -> logProbs.sub(refLogProbs));
    }
  },
  /** {@code k2 = 0.5 * (logp_theta - logp_ref)^2}: biased, low variance, never negative. */
  K2 {
    @Override
    public NDArray perToken(NDArray logProbs, NDArray refLogProbs) {
      return Scoped.result(
          () -> logProbs.sub(refLogProbs).square().mul(Scalars.of(logProbs, 0.5f)));
    }
  },
  /**
   * {@code k3}, the low-variance unbiased estimator used by GRPO:
   *
   * <pre>
   *   x  = logp_ref - logp_theta
   *   k3 = clamp(exp(x) - x - 1, -10, 10)
   * </pre>
   *
   * <p>It is never negative; the clamp only bounds the rare token whose reference log-prob is
   * far above the policy's, where exp(x) would explode.
   */
  K3 {
    @Override
    public NDArray perToken(NDArray logProbs, NDArray refLogProbs) {
      return Scoped.result(() -> {
        NDArray x = refLogProbs.sub(logProbs);
        return x.exp().sub(x).sub(1f).clip(-K3_BOUND, K3_BOUND);
      });
    }
  };

  private static final float K3_BOUND = 10f;
  private static final Registry<KlEstimator> REGISTRY = buildRegistry();

  /** The per-token estimate, {@code (B, T) float32}. */
  public abstract NDArray perToken(NDArray logProbs, NDArray refLogProbs);

  /** The estimator whose lower-case name is {@code name}, e.g. {@code k3}. */
  public static KlEstimator named(String name) {
    return REGISTRY.get(name);
  }

  /** The lower-case names, for checking a configured one. */
  public static Registry<KlEstimator> registry() {
    return REGISTRY;
  }

  private static Registry<KlEstimator> buildRegistry() {
    Registry.Builder<KlEstimator> b = Registry.of("KL estimator");
    for (KlEstimator k : values()) {
      b.add(k.name().toLowerCase(Locale.ROOT), k);
    }
    return b.build();
  }
}
