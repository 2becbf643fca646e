package dev.ngrpo.orchestrator.metrics;

/**
 * The unbiased pass@k estimator (Chen et al. 2021; docs/algorithm.md section 5): with n
 * samples of a problem of which c are correct,
 * {@code pass@k = 1 - C(n - c, k) / C(n, k)}, computed as the product
 * {@code 1 - prod_{i = n - c + 1}^{n} (1 - k / i)} to stay exact and overflow-free.
 */
public final class PassAtK {
  private PassAtK() {}

  /** pass@k of one problem; requires {@code 0 <= c <= n} and {@code 1 <= k <= n}. */
  public static double of(int n, int c, int k) {
    if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
      throw new IllegalArgumentException("pass@k needs 0 <= c <= n and 1 <= k <= n, got n = " + n
          + ", c = " + c + ", k = " + k);
    }
    if (n - c < k) {
      return 1.0;
    }
    double allWrong = 1.0;
    for (int i = n - c + 1; i <= n; i++) {
      allWrong *= 1.0 - (double) k / i;
    }
    return 1.0 - allWrong;
  }
}
