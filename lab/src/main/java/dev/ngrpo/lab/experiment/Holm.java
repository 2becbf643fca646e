package dev.ngrpo.lab.experiment;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction of m p-values (Holm 1979), which keeps the probability of any
 * false rejection among the m comparisons at most alpha without assuming they are independent.
 * Bonferroni multiplies every p by m; Holm multiplies the smallest by m, the next by m - 1, and
 * so on, which rejects at least as much at the same family-wise error rate.
 *
 * <p>With {@code p_(1) <= ... <= p_(m)} the sorted values, the adjusted value of {@code p_(i)} is
 * {@code max_{j <= i} min(1, (m - j + 1) p_(j))}; the maximum keeps the adjusted values in the
 * order of the raw ones. A comparison is rejected at level alpha when its adjusted value is
 * below alpha, the same as the step-down procedure stopping at the first {@code p_(i) >= alpha /
 * (m - i + 1)}.
 */
public final class Holm {
  private Holm() {}

  /**
   * The adjusted p-values, in the order of {@code p}. All NaN when any value is NaN: the family
   * cannot be corrected without every member's p-value.
   */
  public static double[] adjust(double[] p) {
    int m = p.length;
    double[] adjusted = new double[m];
    if (Arrays.stream(p).anyMatch(Double::isNaN)) {
      Arrays.fill(adjusted, Double.NaN);
      return adjusted;
    }
    Integer[] order = new Integer[m];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double running = 0;
    for (int i = 0; i < m; i++) {
      running = Math.max(running, Math.min(1, (m - i) * p[order[i]]));
      adjusted[order[i]] = running;
    }
    return adjusted;
  }
}
