package dev.ngrpo.lab.report;

import java.util.List;

/**
 * One training chart of a report.
 *
 * @param file the PNG's name in the report folder
 * @param title the chart's title
 * @param yAxis the y axis's title
 * @param metrics the {@code metrics.jsonl} fields it draws, one line each per run
 */
public record Panel(String file, String title, String yAxis, List<String> metrics) {
  public Panel {
    metrics = List.copyOf(metrics);
  }
}
