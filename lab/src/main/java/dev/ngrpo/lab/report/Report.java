package dev.ngrpo.lab.report;

import java.util.List;

/**
 * A report ready to write: its runs, labelled apart (a label two runs share gets their folder
 * names, then numbers), and its charts, checked against what the runs logged, so that a
 * mistaken option fails before anything is written.
 */
public final class Report {
  private final List<ReportRun> runs;
  private final List<Panel> panels;
  private final int smooth;

  private Report(List<ReportRun> runs, List<Panel> panels, int smooth) {
    this.runs = runs;
    this.panels = panels;
    this.smooth = smooth;
  }

  /**
   * The report of {@code runs} (one, or several overlaid on each chart) under {@code options}.
   *
   * @throws IllegalArgumentException when there is no run, or an option names a metric no run
   *     logged
   */
  public static Report of(List<ReportRun> runs, ReportOptions options) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one run folder");
    }
    List<ReportRun> labelled = ReportRun.labelled(runs);
    return new Report(labelled, Panels.of(labelled, options), options.smooth());
  }

  /** The runs, in the order given, with their unique labels. */
  public List<ReportRun> runs() {
    return runs;
  }

  /** The training charts to draw (each left out when no run logged its figures). */
  public List<Panel> panels() {
    return panels;
  }

  /** Steps in each trailing mean; 1 for none. */
  public int smooth() {
    return smooth;
  }
}
