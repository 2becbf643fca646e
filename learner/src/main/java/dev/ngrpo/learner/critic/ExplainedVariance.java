package dev.ngrpo.learner.critic;

/**
 * The critic's explained variance over a batch's tokens (PPO2's and verl's
 * {@code vf_explained_var}):
 *
 * <pre>
 *   EV = 1 - Var(R - V) / Var(R)        population variances over every token of every row
 * </pre>
 *
 * <p>1 is a perfect critic, 0 one no better than a constant, below 0 one worse than a constant.
 * It ignores a constant offset of V (that leaves R - V's variance unchanged), so it tells whether
 * the critic ranks states, which is what GAE's deltas use; the value loss is what shows its bias.
 * The n or n - 1 divisor cancels in the ratio, so population variances are used. NaN when
 * Var(R) = 0 (nothing to explain, including no tokens). Sums run in double.
 */
public final class ExplainedVariance {
  private ExplainedVariance() {}

  /**
   * @param returns ragged {@code [B][T_i]} R_t from {@link Gae#returns}
   * @param values ragged {@code [B][T_i]} V_t, the same shape
   * @return EV, or NaN when Var(R) = 0
   * @throws IllegalArgumentException when the shapes differ
   */
  public static double of(float[][] returns, float[][] values) {
    if (returns.length != values.length) {
      throw new IllegalArgumentException(
          "returns has " + returns.length + " rows but values has " + values.length);
    }
    for (int i = 0; i < returns.length; i++) {
      Gae.requireSameLength("returns row " + i, returns[i], "values row " + i, values[i]);
    }
    double returnVariance = variance(returns, values, false);
    if (!(returnVariance > 0)) {
      return Double.NaN;
    }
    return 1 - variance(returns, values, true) / returnVariance;
  }

  /** Population variance of R, or of R - V when {@code residual}. */
  private static double variance(float[][] returns, float[][] values, boolean residual) {
    long n = 0;
    double sum = 0;
    for (int i = 0; i < returns.length; i++) {
      for (int t = 0; t < returns[i].length; t++) {
        sum += element(returns, values, residual, i, t);
      }
      n += returns[i].length;
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < returns.length; i++) {
      for (int t = 0; t < returns[i].length; t++) {
        double d = element(returns, values, residual, i, t) - mean;
        squares += d * d;
      }
    }
    return squares / n;
  }

  private static double element(
      float[][] returns, float[][] values, boolean residual, int i, int t) {
    return residual ? (double) returns[i][t] - values[i][t] : returns[i][t];
  }
}
