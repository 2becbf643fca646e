package dev.ngrpo.lab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One method against the reference method, as one member of a family of m comparisons (every
 * other method against the reference): its {@link PairedDifference} and the p-value after
 * {@link Holm}'s correction across the family. Reading each raw p at 0.05 would, with seven
 * methods, make some false "difference" likely; after Holm the chance of any is at most
 * {@link #ALPHA}.
 *
 * @param method the method compared
 * @param reference the method it is compared with
 * @param difference final accuracy of {@code method} minus {@code reference}'s, paired by seed
 * @param holmP the Holm-adjusted p-value (NaN with fewer than two seeds)
 */
public record Comparison(String method, String reference, PairedDifference difference,
    double holmP) {

  /** The family-wise error rate at which differences are called significant. */
  public static final double ALPHA = 0.05;

  /** Whether the difference is significant at {@link #ALPHA} after the correction. */
  public boolean significant() {
    return holmP < ALPHA;
  }

  /**
   * Every method but {@code reference} against it, in the order of {@code methods}, corrected
   * together.
   *
   * @param values a method's per-seed values, in the same seed order for every method
   */
  public static List<Comparison> against(String reference, List<String> methods,
      Function<String, double[]> values) {
    double[] base = values.apply(reference);
    List<String> others = methods.stream().filter(m -> !m.equals(reference)).toList();
    List<PairedDifference> differences = new ArrayList<>();
    for (String m : others) {
      differences.add(PairedDifference.of(values.apply(m), base));
    }
    double[] adjusted = Holm.adjust(differences.stream().mapToDouble(PairedDifference::p)
        .toArray());
    List<Comparison> out = new ArrayList<>();
    for (int i = 0; i < others.size(); i++) {
      out.add(new Comparison(others.get(i), reference, differences.get(i), adjusted[i]));
    }
    return List.copyOf(out);
  }
}
