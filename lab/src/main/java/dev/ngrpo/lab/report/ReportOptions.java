package dev.ngrpo.lab.report;

import java.util.List;

/**
 * What a report draws beyond its default charts (the README's {@code bin/ngrpo report} lists
 * them).
 *
 * @param metrics {@code metrics.jsonl} fields to chart on a chart of their own each, by exact
 *     name, in this order; a name already on a default chart gets one of its own too
 * @param allMetrics also a chart of its own for every numeric field no default chart shows
 *     ({@code step} and {@code time} are not figures)
 * @param smooth steps in the trailing mean drawn over each line of a training chart: the mean
 *     of step s is that of steps s - smooth + 1 to s (fewer at the start), so a jump shows
 *     where it happened, late rather than early; 1 draws the values alone
 */
public record ReportOptions(List<String> metrics, boolean allMetrics, int smooth) {
  /** The default charts, no trailing mean. */
  public static final ReportOptions DEFAULTS = new ReportOptions(List.of(), false, 1);

  public ReportOptions {
    metrics = List.copyOf(metrics);
    if (smooth < 1) {
      throw new IllegalArgumentException("--smooth must be at least 1 (the steps in each"
          + " trailing mean; 1 draws the values alone), got " + smooth);
    }
  }
}
