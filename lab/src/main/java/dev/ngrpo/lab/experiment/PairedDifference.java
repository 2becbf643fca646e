package dev.ngrpo.lab.experiment;

/**
 * A method's final accuracy minus the reference method's, paired by seed: seed s gave both the
 * same data order and rollout seeds, so the per-seed differences {@code d_i} cancel what the
 * seed alone decides. Over n seeds: the mean {@code mean(d)}, its 95% Student-t interval
 * {@code mean(d) +/- t_{0.975, n-1} sd(d) / sqrt(n)}, the paired t statistic
 * {@code t = mean(d) / (sd(d) / sqrt(n))} and its two-sided p-value with n - 1 degrees of freedom
 * ({@link StudentT}). With fewer than two seeds there is no spread to test against: the interval,
 * t and p are NaN. When every seed differs by exactly the same amount (sd 0), t is infinite and p
 * is 0, or, when that amount is 0, t is 0 and p is 1.
 *
 * @param seeds n
 * @param mean {@code mean(d)}
 * @param low lower end of the 95% interval
 * @param high upper end of the 95% interval
 * @param t the paired t statistic
 * @param p its two-sided p-value, before any multiple-comparison correction
 */
public record PairedDifference(int seeds, double mean, double low, double high, double t,
    double p) {

  /** {@code method[i] - reference[i]} over seeds i; both in the same seed order. */
  public static PairedDifference of(double[] method, double[] reference) {
    if (method.length != reference.length || method.length == 0) {
      throw new IllegalArgumentException("paired values need the same seeds on both sides, got "
          + method.length + " and " + reference.length);
    }
    int n = method.length;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = method[i] - reference[i];
    }
    double mean = Statistics.mean(d);
    if (n < 2) {
      return new PairedDifference(n, mean, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] interval = Statistics.interval95(d);
    double sd = Statistics.sd(d);
    double t = sd == 0 ? (mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean))
        : mean / (sd / Math.sqrt(n));
    return new PairedDifference(n, mean, interval[0], interval[1], t,
        StudentT.twoSidedP(t, n - 1));
  }
}
