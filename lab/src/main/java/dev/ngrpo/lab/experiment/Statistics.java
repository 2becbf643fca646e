package dev.ngrpo.lab.experiment;

import java.util.Arrays;

/**
 * Means, spreads and confidence intervals over seeds, in plain Java. With n seeds (small), a
 * difference between two methods is estimated from the per-seed paired differences d_i with
 * Student's t: {@code mean(d) +/- t_{0.975, n-1} * sd(d) / sqrt(n)}.
 */
public final class Statistics {
  /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom. */
  private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
      2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
      2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

  /** The standard normal's 0.975 quantile. */
  private static final double Z975 = 1.959963984540054;

  private Statistics() {}

  /** Arithmetic mean. */
  public static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Median: the middle value, or the mean of the two middle values; {@code x} is not changed. */
  public static double median(double[] x) {
    double[] v = x.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Unbiased sample standard deviation; 0 for fewer than two values. */
  public static double sd(double[] x) {
    if (x.length < 2) {
      return 0;
    }
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (x.length - 1));
  }

  /** {@code t_{0.975, df}}; 1.96 beyond 30 degrees of freedom. */
  public static double t975(int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
    }
    return df <= T975.length ? T975[df - 1] : 1.96;
  }

  /**
   * The 95% Wilson score interval of a proportion, {@code [low, high]}: {@code successes} of
   * {@code n} trials (seeds that took off). With {@code p = successes / n} and {@code z = 1.96}
   * (the normal 0.975 quantile),
   *
   * <pre>
   *   center = (p + z^2 / (2n)) / (1 + z^2 / n)
   *   half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / (4 n^2))
   * </pre>
   *
   * <p>Wilson's (1927) interval rather than the textbook {@code p +/- z sqrt(p (1 - p) / n)}: at
   * 0 of 5 or 5 of 5, the common outcomes with few seeds, that one has zero width, and near them
   * it leaves [0, 1]; Wilson's stays inside and keeps close to its nominal coverage at small n.
   * NaN bounds when {@code n = 0}.
   */
  public static double[] wilson95(int successes, int n) {
    if (successes < 0 || successes > n) {
      throw new IllegalArgumentException("successes must be in [0, n = " + n + "], got "
          + successes);
    }
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double p = (double) successes / n;
    double z2 = Z975 * Z975;
    double scale = 1 + z2 / n;
    double center = (p + z2 / (2.0 * n)) / scale;
    double half = Z975 / scale * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {Math.max(0, center - half), Math.min(1, center + half)};
  }

  /**
   * The 95% confidence interval of the mean of {@code d}, {@code [low, high]}; NaN bounds with
   * fewer than two values.
   */
  public static double[] interval95(double[] d) {
    if (d.length < 2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double half = t975(d.length - 1) * sd(d) / Math.sqrt(d.length);
    double m = mean(d);
    return new double[] {m - half, m + half};
  }
}
