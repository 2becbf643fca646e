package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * The entropy of the policy's next-token distribution at each position:
 *
 * <pre>
 *   H_t = -sum_v p_v log p_v,   log p = log_softmax(logits / temperature)
 * </pre>
 *
 * <p>The logits must already be divided by the sampling temperature (ALGORITHM.md: all
 * log-probs and the entropy are of the distribution the sampler drew from).
 */
public final class TokenEntropy {
  private TokenEntropy() {}

  /**
   * @param scaledLogits {@code (B, T, V) float32} temperature-scaled logits
   * @return {@code (B, T) float32} entropy in nats, differentiable w.r.t. the logits
   */
  public static NDArray of(NDArray scaledLogits) {
    return Scoped.result(() -> {
      NDArray logP = scaledLogits.logSoftmax(-1);
      return logP.exp().mul(logP).sum(new int[] {-1}).neg();
    });
  }
}
