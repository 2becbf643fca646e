package dev.ngrpo.lab.experiment;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import dev.ngrpo.lab.report.ReportCharts;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The experiment's {@code plots/}: per figure, one chart with a line per method averaged over
 * seeds, and, for greedy held-out accuracy and the all-wrong-group fraction, one chart per
 * method with a line per seed ({@code plots/seeds/}). A mean hides a method whose seeds split
 * between take-off and stall (two seeds at 0.6 and three at 0.2 average to a stall-like 0.36);
 * the per-seed charts show the split, with the take-off line drawn in.
 *
 * <p>Per-step figures (the all-wrong fraction and the rest) are drawn as trailing means over
 * {@code curve-every} steps, the period of the held-out curve: a step's fraction is of B groups
 * only (16 in conf/hard.conf, so in steps of 1/16), and unsmoothed, eight methods' lines over
 * 300 steps are noise on noise.
 */
final class ReportPlots {
  /** The held-out accuracy chart's file name. */
  static final String HELDOUT = "heldout-accuracy.png";
  /** The all-wrong fraction chart's file name. */
  static final String ALL_WRONG = RunResult.STEP_PLOTS.get(1) + ".png";

  private final ExperimentReport report;

  ReportPlots(ExperimentReport report) {
    this.report = report;
  }

  /** The path, under {@code plots/}, of {@code method}'s per-seed chart {@code file}. */
  static String perSeed(String method, String file) {
    return "seeds/" + method + "-" + file;
  }

  void write(FileSystem fs, Path dir) throws IOException {
    fs.mkdirs(new Path(dir, "seeds"));
    means(fs, new Path(dir, HELDOUT), "Greedy held-out accuracy (mean over seeds)",
        "training steps done", RunResult::greedyCurve, 1, true);
    for (int column = 1; column < RunResult.STEP_COLUMNS.size(); column++) {
      means(fs, new Path(dir, RunResult.STEP_PLOTS.get(column) + ".png"),
          RunResult.STEP_COLUMNS.get(column) + " (mean over seeds, trailing mean of "
          + report.settings().curveEvery() + " steps)", "step", RunResult::steps,
          column, false);
    }
    for (String m : report.settings().names()) {
      XYChart accuracy = chart(m + ": greedy held-out accuracy, every seed",
          "training steps done");
      seeds(accuracy, m, RunResult::greedyCurve, 1, false);
      double[] ends = {0, maxStep(m)};
      double line = report.takeOffLine();
      accuracy.addSeries("take-off line", ends, new double[] {line, line})
          .setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DASH_DASH)
          .setLineColor(Color.GRAY);
      save(fs, new Path(dir, perSeed(m, HELDOUT)), accuracy);
      XYChart allWrong = chart(m + ": all-wrong fraction, every seed (trailing mean of "
          + report.settings().curveEvery() + " steps)", "step");
      seeds(allWrong, m, RunResult::steps, 1, true);
      save(fs, new Path(dir, perSeed(m, ALL_WRONG)), allWrong);
    }
  }

  /**
   * Curves of {@code column}, one line per method, averaged over seeds at equal x. A run that
   * ended before the method's longest (at a plateau) counts with its last value beyond its end
   * when {@code holdLast}, as its final weights would score: that keeps a stalled seed, which
   * stops early, in the mean of held-out accuracy instead of leaving the mean to the seeds that
   * took off. Per-step training figures have no value after a run ended and are averaged over
   * the runs still training.
   */
  private void means(FileSystem fs, Path file, String title, String xAxis,
      Function<RunResult, List<double[]>> series, int column, boolean holdLast)
      throws IOException {
    XYChart chart = chart(title, xAxis);
    for (String m : report.settings().names()) {
      TreeMap<Double, double[]> byX = new TreeMap<>();
      for (RunResult run : report.of(m)) {
        for (double[] row : series.apply(run)) {
          double[] sum = byX.computeIfAbsent(row[0], x -> new double[2]);
          sum[0] += row[column];
          sum[1] += 1;
        }
      }
      if (holdLast) {
        for (RunResult run : report.of(m)) {
          List<double[]> rows = series.apply(run);
          if (rows.isEmpty()) {
            continue;
          }
          double[] last = rows.get(rows.size() - 1);
          for (double[] sum : byX.tailMap(last[0], false).values()) {
            sum[0] += last[column];
            sum[1] += 1;
          }
        }
      }
      if (byX.isEmpty()) {
        continue;
      }
      double[] x = byX.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] y = byX.values().stream().mapToDouble(v -> v[0] / v[1]).toArray();
      chart.addSeries(m, x, holdLast ? y : smoothed(y)).setMarker(SeriesMarkers.NONE);
    }
    save(fs, file, chart);
  }

  /** One line per seed of {@code method}. */
  private void seeds(XYChart chart, String method, Function<RunResult, List<double[]>> series,
      int column, boolean perStep) {
    for (RunResult run : report.of(method)) {
      List<double[]> rows = series.apply(run);
      if (rows.isEmpty()) {
        continue;
      }
      double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
      double[] y = rows.stream().mapToDouble(r -> r[column]).toArray();
      chart.addSeries("seed " + run.seed(), x, perStep ? smoothed(y) : y)
          .setMarker(SeriesMarkers.NONE);
    }
  }

  /** A per-step figure's trailing mean over {@code curve-every} steps. */
  private double[] smoothed(double[] y) {
    return ReportCharts.trailingMean(y, report.settings().curveEvery());
  }

  private double maxStep(String method) {
    return report.of(method).stream().mapToDouble(r -> r.steps().size()).max().orElse(1);
  }

  private static XYChart chart(String title, String xAxis) {
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
        .xAxisTitle(xAxis).yAxisTitle("").build();
    // whole steps at round ticks (steps 1, 2, 3, ... would be labelled 1, 16, 31, ...)
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    ReportCharts.roundTicks(chart, xAxis.equals("step") ? 1 : 0);
    return chart;
  }

  private static void save(FileSystem fs, Path file, XYChart chart) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
