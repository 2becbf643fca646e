package dev.ngrpo.learner.advantage;

/**
 * Mean and unbiased standard deviation (divide by n - 1) of a group's rewards, optionally with
 * {@code k} extra copies of one value appended, in double precision.
 */
final class GroupStatistics {
  private GroupStatistics() {}

  /** Mean of {@code rewards} plus {@code k} copies of {@code extra}. */
  static double mean(float[] rewards, int k, double extra) {
    double sum = k * extra;
    for (float r : rewards) {
      sum += r;
    }
    return sum / (rewards.length + k);
  }

  /**
   * Unbiased standard deviation of {@code rewards} plus {@code k} copies of {@code extra}, about
   * {@code mean}; needs at least two values in all.
   */
  static double unbiasedStd(float[] rewards, int k, double extra, double mean) {
    int n = rewards.length + k;
    if (n < 2) {
      throw new IllegalStateException("unbiased std needs at least 2 values, got " + n);
    }
    double squares = k * (extra - mean) * (extra - mean);
    for (float r : rewards) {
      squares += (r - mean) * (r - mean);
    }
    return Math.sqrt(squares / (n - 1));
  }
}
