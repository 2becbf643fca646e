package dev.ngrpo.core.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The named figures of one training step (see docs/algorithm.md section 6), in a fixed order.
 * Names are dotted, e.g. {@code reward.mean}, {@code clip.fraction.positive}.
 *
 * @param step the training step these figures describe
 * @param names metric names, unique
 * @param values metric values, parallel to {@code names}
 */
public record StepMetrics(long step, String[] names, double[] values) {
  public StepMetrics {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(values, "values");
    if (names.length != values.length) {
      throw new IllegalArgumentException(
          names.length + " metric names but " + values.length + " values");
    }
  }

  /** Value of metric {@code name}; fails naming the metric when it is absent. */
  public double get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    throw new IllegalArgumentException("no metric '" + name + "' in step " + step
        + "; known: " + String.join(", ", names));
  }

  /** True when a metric of this name was recorded. */
  public boolean has(String name) {
    return Arrays.asList(names).contains(name);
  }

  /** The metrics as an insertion-ordered map. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], values[i]);
    }
    return m;
  }

  /** Starts an ordered collection of metrics for {@code step}. */
  public static Builder builder(long step) {
    return new Builder(step);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepMetrics m && step == m.step && Arrays.equals(names, m.names)
        && Arrays.equals(values, m.values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(step) * 31 + Arrays.hashCode(names);
  }

  @Override
  public String toString() {
    return "StepMetrics[" + step + " " + asMap() + "]";
  }

  /** Collects metrics in insertion order; a name put twice keeps its last value. */
  public static final class Builder {
    private final long step;
    private final Map<String, Double> values = new LinkedHashMap<>();

    private Builder(long step) {
      this.step = step;
    }

    public Builder put(String name, double value) {
      values.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    public Builder putAll(StepMetrics other) {
      for (int i = 0; i < other.names.length; i++) {
        put(other.names[i], other.values[i]);
      }
      return this;
    }

    public StepMetrics build() {
      String[] n = values.keySet().toArray(new String[0]);
      double[] v = new double[n.length];
      for (int i = 0; i < n.length; i++) {
        v[i] = values.get(n[i]);
      }
      return new StepMetrics(step, n, v);
    }
  }
}
