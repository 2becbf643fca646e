package dev.ngrpo.learner.critic;

/**
 * Generalised advantage estimation over one response's tokens (Schulman et al. 2016,
 * "High-Dimensional Continuous Control Using Generalized Advantage Estimation", eq. 16; verl's
 * {@code compute_gae_advantage_return}):
 *
 * <pre>
 *   delta_t = r_t + gamma * V_{t+1} - V_t           V_T = 0
 *   A_t     = delta_t + gamma * lambda * A_{t+1}     A_T = 0
 *   R_t     = A_t + V_t                              the critic's regression target
 * </pre>
 *
 * <p>V_t is the critic's value of the state before token t (the prompt and tokens 0..t-1).
 * V_T = 0 because the response is over after its last token: there is no later state to
 * bootstrap from, so the outcome reward on token T-1 is all that remains. gamma = lambda = 1
 * gives the Monte-Carlo advantage A_t = sum_{k >= t} r_k - V_t; lambda = 0 gives the one-step
 * TD error A_t = delta_t; lambda in between trades the variance of the sampled return for the
 * bias of the critic.
 *
 * <p>One response at a time and only over its response tokens, so padding never enters the
 * recursion (verl masks it inside a {@code (B, T)} batch instead). The recursion runs in double
 * so a long response does not pick up float rounding at each of its T steps.
 */
public final class Gae {
  private Gae() {}

  /**
   * A_t for t = 0..T-1, by the backward recursion above.
   *
   * @param rewards {@code [T]} token rewards r_t ({@link TokenRewards})
   * @param values {@code [T]} the critic's V_t, the value of the state before token t
   * @param gamma discount, in [0, 1]
   * @param lambda GAE's lambda, in [0, 1]
   * @return {@code [T]} advantages; empty when T = 0
   * @throws IllegalArgumentException when the lengths differ or gamma/lambda is outside [0, 1]
   */
  public static float[] advantages(float[] rewards, float[] values, double gamma, double lambda) {
    requireUnit("gamma", gamma);
    requireUnit("lambda", lambda);
    requireSameLength("rewards", rewards, "values", values);
    float[] a = new float[rewards.length];
    double nextValue = 0;
    double nextAdvantage = 0;
    for (int t = rewards.length - 1; t >= 0; t--) {
      double delta = rewards[t] + gamma * nextValue - values[t];
      nextAdvantage = delta + gamma * lambda * nextAdvantage;
      nextValue = values[t];
      a[t] = (float) nextAdvantage;
    }
    return a;
  }

  /**
   * R_t = A_t + V_t, the target {@link ValueLoss} regresses V on.
   *
   * @param advantages {@code [T]} A_t from {@link #advantages}, before any whitening
   * @param values {@code [T]} the V_t the advantages were computed with
   * @return {@code [T]} returns
   * @throws IllegalArgumentException when the lengths differ
   */
  public static float[] returns(float[] advantages, float[] values) {
    requireSameLength("advantages", advantages, "values", values);
    float[] r = new float[advantages.length];
    for (int t = 0; t < r.length; t++) {
      r[t] = (float) ((double) advantages[t] + values[t]);
    }
    return r;
  }

  private static void requireUnit(String name, double x) {
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + x);
    }
  }

  static void requireSameLength(String aName, float[] a, String bName, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(aName + " has " + a.length + " tokens but " + bName
          + " has " + b.length);
    }
  }
}
