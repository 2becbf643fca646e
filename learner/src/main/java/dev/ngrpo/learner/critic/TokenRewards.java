package dev.ngrpo.learner.critic;

/**
 * Token-level rewards of one response for PPO, with the KL penalty inside the reward (classic
 * RLHF PPO, Ziegler et al. 2019 and Ouyang et al. 2022; verl's {@code apply_kl_penalty} with the
 * {@code kl} estimator):
 *
 * <pre>
 *   r_t      = -beta * (logp_old(t) - logp_ref(t))       t = 0..T-1, the k1 KL estimate
 *   r_{T-1} += reward                                    the outcome reward, on the last token
 * </pre>
 *
 * <p>The response was sampled from the old policy, so the k1 log-ratio of its tokens is an
 * unbiased per-token estimate of KL(old || ref). Put into the reward, the penalty is credited
 * through {@link Gae} like any reward and the critic learns the penalised return; GRPO puts it
 * into the loss instead (docs/algorithm.md section 2). The outcome reward sits on the last token
 * because only the finished response is scored, as verl's reward managers place it.
 */
public final class TokenRewards {
  private TokenRewards() {}

  /**
   * @param reward the response's outcome reward
   * @param oldLogProbs {@code [T]} logp_old of the sampled tokens (T = 0 gives an empty array)
   * @param refLogProbs {@code [T]} logp_ref of the same tokens; may be null only when beta = 0
   * @param beta the KL coefficient, finite and {@code >= 0}; 0 adds no KL term
   * @return {@code [T]} r_t, computed in double
   * @throws IllegalArgumentException for a bad beta, a null reference with beta &gt; 0 or
   *     lengths that differ
   */
  public static float[] of(float reward, float[] oldLogProbs, float[] refLogProbs, double beta) {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
    }
    if (refLogProbs == null && beta > 0) {
      throw new IllegalArgumentException(
          "beta = " + beta + " needs the reference log-probs, got none");
    }
    if (refLogProbs != null) {
      Gae.requireSameLength("oldLogProbs", oldLogProbs, "refLogProbs", refLogProbs);
    }
    int length = oldLogProbs.length;
    float[] r = new float[length];
    for (int t = 0; t < length; t++) {
      double kl = beta > 0 ? beta * ((double) oldLogProbs[t] - refLogProbs[t]) : 0;
      double outcome = t == length - 1 ? reward : 0;
      r[t] = (float) (outcome - kl);
    }
    return r;
  }
}
