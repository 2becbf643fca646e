package dev.ngrpo.lab.experiment;

/**
 * Student's t distribution's tail, in plain Java, for the p-value of a paired t-test.
 *
 * <p>With {@code df} degrees of freedom, the two-sided tail is a regularized incomplete beta
 * function: {@code P(|T| >= |t|) = I_x(df / 2, 1 / 2)} with {@code x = df / (df + t^2)}.
 * {@code I_x(a, b)} is evaluated as in Numerical Recipes (2nd ed., section 6.4, {@code betai}
 * and {@code betacf}): the front factor {@code x^a (1 - x)^b / (a B(a, b))} times a continued
 * fraction evaluated by the modified Lentz method, using the symmetry
 * {@code I_x(a, b) = 1 - I_{1-x}(b, a)} where {@code x > (a + 1) / (a + b + 2)}, the side on which
 * the fraction converges quickly. {@code ln Gamma} is Lanczos' series (NR {@code gammln},
 * relative error below 2e-10), enough for p-values reported to four decimals.
 */
public final class StudentT {
  /** Relative change of the continued fraction at which it has converged. */
  private static final double EPS = 1e-15;
  /** Stands in for a zero denominator in Lentz's method. */
  private static final double TINY = 1e-300;
  /** Iterations before the fraction is declared not converging (a = b = 1e6 needs ~ 1e3). */
  private static final int MAX_ITERATIONS = 10_000;
  private static final double[] LANCZOS = {76.18009172947146, -86.50532032941677,
      24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5};

  private StudentT() {}

  /**
   * {@code P(|T| >= |t|)} for T with {@code df} degrees of freedom: 1 at {@code t = 0}, 0 for
   * an infinite {@code t}, NaN for a NaN {@code t}.
   */
  public static double twoSidedP(double t, double df) {
    if (!(df > 0) || Double.isInfinite(df)) {
      throw new IllegalArgumentException("degrees of freedom must be finite and > 0, got " + df);
    }
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    if (Double.isInfinite(t)) {
      return 0;
    }
    return regularizedBeta(df / (df + t * t), df / 2, 0.5);
  }

  /** {@code I_x(a, b)} for {@code x} in [0, 1] and {@code a, b > 0}. */
  static double regularizedBeta(double x, double a, double b) {
    if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) {
      throw new IllegalArgumentException("I_x(a, b) needs x in [0, 1] and a, b > 0, got x = "
          + x + ", a = " + a + ", b = " + b);
    }
    if (x == 0 || x == 1) {
      return x;
    }
    double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x)
        + b * Math.log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
      return front * continuedFraction(x, a, b) / a;
    }
    return 1 - front * continuedFraction(1 - x, b, a) / b;
  }

  /** NR's {@code betacf}: the continued fraction of {@code I_x(a, b)}, modified Lentz. */
  private static double continuedFraction(double x, double a, double b) {
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = nonZero(1 - qab * x / qap);
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      // even step: d_{2m} = m (b - m) x / ((a - 1 + 2m)(a + 2m))
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 / nonZero(1 + aa * d);
      c = nonZero(1 + aa / c);
      h *= d * c;
      // odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 1 + 2m))
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 / nonZero(1 + aa * d);
      c = nonZero(1 + aa / c);
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        return h;
      }
    }
    throw new IllegalStateException("incomplete beta: no convergence for x = " + x + ", a = "
        + a + ", b = " + b);
  }

  private static double nonZero(double v) {
    return Math.abs(v) < TINY ? TINY : v;
  }

  /** {@code ln Gamma(x)} for {@code x > 0} (Lanczos, NR {@code gammln}). */
  static double logGamma(double x) {
    double y = x;
    double tmp = x + 5.5;
    tmp -= (x + 0.5) * Math.log(tmp);
    double series = 1.000000000190015;
    for (double c : LANCZOS) {
      series += c / ++y;
    }
    return -tmp + Math.log(2.5066282746310005 * series / x);
  }
}
