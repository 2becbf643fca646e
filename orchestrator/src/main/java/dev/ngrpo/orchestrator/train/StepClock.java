package dev.ngrpo.orchestrator.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The wall clock of one training step: since when it runs, and what each timed phase took. */
final class StepClock {
  private final long start = System.nanoTime();
  private final Map<String, Double> phases = new LinkedHashMap<>();

  /** Runs {@code phase}, recording its seconds under {@code metric}. */
  <T> T time(String metric, Supplier<T> phase) {
    long begin = System.nanoTime();
    T result = phase.get();
    phases.put(metric, (System.nanoTime() - begin) / 1e9);
    return result;
  }

  /** Runs {@code phase}, recording its seconds under {@code metric}. */
  void time(String metric, Runnable phase) {
    time(metric, () -> {
      phase.run();
      return null;
    });
  }

  /** The seconds recorded under {@code metric}. */
  double seconds(String metric) {
    Double s = phases.get(metric);
    if (s == null) {
      throw new IllegalStateException("no phase timed as " + metric);
    }
    return s;
  }

  /** Seconds since the step started. */
  double elapsed() {
    return (System.nanoTime() - start) / 1e9;
  }
}
