package dev.ngrpo.learner.critic;

/**
 * Advantage whitening over a mini-batch's response tokens (verl's {@code masked_whiten} with
 * {@code shift_mean=True}, as its GAE estimator applies it):
 *
 * <pre>
 *   mean = sum x / n,   var = sum (x - mean)^2 / (n - 1)     over every token of every row
 *   x   &lt;- (x - mean) / sqrt(var + 1e-8)
 * </pre>
 *
 * <p>GAE advantages have the critic's scale, which drifts as it learns; whitening gives the
 * policy loss advantages of mean 0 and std 1 whatever that scale, so the clip range and the
 * learning rate keep their meaning. Rows are responses (ragged: each has its own length), so
 * only real tokens count and no mask is needed. The variance is unbiased like verl's; a single
 * token has variance 0 (verl refuses it) and whitens to 0. Sums run in double.
 */
public final class Whitening {
  /** Added to the variance so a batch of equal advantages whitens to 0 instead of 0/0. */
  static final double EPSILON = 1e-8;

  private Whitening() {}

  /**
   * Mean and unbiased std of the elements, over all rows together.
   *
   * @param mean sum x / n
   * @param std sqrt(sum (x - mean)^2 / (n - 1)), 0 for n = 1
   */
  public record Moments(double mean, double std) {}

  /**
   * @param rows ragged {@code [B][T_i]} values, at least one element in all
   * @throws IllegalArgumentException when there is no element at all
   */
  public static Moments moments(float[][] rows) {
    long n = 0;
    double sum = 0;
    for (float[] row : rows) {
      for (float x : row) {
        sum += x;
      }
      n += row.length;
    }
    if (n == 0) {
      throw new IllegalArgumentException(
          "no element to take moments of, in " + rows.length + " rows");
    }
    double mean = sum / n;
    double squares = 0;
    for (float[] row : rows) {
      for (float x : row) {
        squares += (x - mean) * (x - mean);
      }
    }
    double variance = n == 1 ? 0 : squares / (n - 1);
    return new Moments(mean, Math.sqrt(variance));
  }

  /**
   * Whitens every element of {@code rows} in place.
   *
   * @param rows ragged {@code [B][T_i]} advantages, at least one element in all
   * @return the moments of the values before whitening
   * @throws IllegalArgumentException when there is no element at all
   */
  public static Moments whiten(float[][] rows) {
    Moments m = moments(rows);
    double scale = 1 / Math.sqrt(m.std() * m.std() + EPSILON);
    for (float[] row : rows) {
      for (int t = 0; t < row.length; t++) {
        row[t] = (float) ((row[t] - m.mean()) * scale);
      }
    }
    return m;
  }
}
