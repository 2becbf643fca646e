package dev.ngrpo.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A report's charts (XChart, headless), one line per run and figure. A chart is laid out at the
 * size the page shows it, {@value #WIDTH} CSS pixels wide, and drawn at {@value #SCALE} times
 * the pixels, so its text is the size of the page's and sharp on high-density screens. The
 * legend sits below the plot, one row per line, and the chart grows a row for each, so long
 * run labels never cover the lines nor squeeze the plot.
 *
 * <p>Steps are counted from 1 on the x axis (step s of {@code metrics.jsonl} is drawn at
 * s + 1), as the console does; an evaluation sits at the number of steps done before it.
 */
public final class ReportCharts {
  /** Width of a chart on the page, in CSS pixels. */
  static final int WIDTH = 540;
  /** Device pixels drawn per CSS pixel. */
  static final int SCALE = 2;
  /** Name of the hidden series that gives the x axis round ticks (see {@link #anchor}). */
  static final String ANCHOR = "(axis anchor)";
  private static final int PLOT_HEIGHT = 330;
  private static final int LEGEND_ROW = 18;
  /** Opacity of the step values under their trailing mean: visible, but behind the mean. */
  private static final int FAINT_ALPHA = 80;

  private ReportCharts() {}

  /** A line to draw. */
  private record Line(String name, double[] x, double[] y) {}

  /**
   * The chart of panel {@code p}: for each run, each of the panel's figures the run logged,
   * and with {@code smooth} > 1 its trailing mean ({@link #trailingMean}) over it, named
   * "NAME (mean of N)", in the same colour made opaque, the values faint beneath. Empty when
   * no run logged any of the figures (KL without a reference policy).
   */
  static Optional<XYChart> training(Panel p, List<ReportRun> runs, int smooth) {
    List<Line> lines = new ArrayList<>();
    for (ReportRun r : runs) {
      double[] x = new double[r.steps().size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.steps().get(i).path("step").asDouble() + 1;
      }
      for (String metric : p.metrics()) {
        double[] y = values(r.steps(), metric);
        if (y != null) {
          lines.add(new Line(seriesName(r.label(), metric, runs.size() > 1,
              p.metrics().size() > 1), x, y));
        }
      }
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    XYChart c = chart(p.title(), "step", p.yAxis(), lines.size() * (smooth > 1 ? 2 : 1));
    Color[] palette = c.getStyler().getSeriesColors();
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      Color color = palette[i % palette.length];
      XYSeries raw = c.addSeries(l.name(), l.x(), l.y());
      raw.setMarker(SeriesMarkers.NONE);
      if (smooth > 1) {
        raw.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(),
            FAINT_ALPHA));
        c.addSeries(l.name() + " (mean of " + smooth + ")", l.x(), trailingMean(l.y(), smooth))
            .setMarker(SeriesMarkers.NONE).setLineColor(new Color(color.getRGB() & 0xFFFFFF));
      } else {
        raw.setLineColor(color);
      }
    }
    anchor(c, lines);
    return Optional.of(c);
  }

  /**
   * Held-out accuracy and pass@k (k > 1; pass@1 is the accuracy) of every run that evaluated,
   * at the steps done before each evaluation. Empty when none did.
   */
  static Optional<XYChart> heldOut(List<ReportRun> runs) {
    Set<String> figures = new LinkedHashSet<>(List.of("accuracy"));
    for (ReportRun r : runs) {
      if (!r.evals().isEmpty()) {
        r.evals().get(0).fieldNames().forEachRemaining(n -> {
          if (n.startsWith("pass@") && !n.equals("pass@1")) {
            figures.add(n);
          }
        });
      }
    }
    List<Line> lines = new ArrayList<>();
    for (ReportRun r : runs) {
      double[] x = new double[r.evals().size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.evals().get(i).path("step").asDouble();
      }
      for (String f : figures) {
        double[] y = values(r.evals(), f);
        if (y != null) {
          lines.add(new Line(seriesName(r.label(), f, runs.size() > 1, figures.size() > 1), x,
              y));
        }
      }
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    XYChart c = chart("Held-out accuracy", "training steps done", "", lines.size());
    lines.forEach(l -> c.addSeries(l.name(), l.x(), l.y()));
    anchor(c, lines);
    return Optional.of(c);
  }

  /**
   * A line's legend text: the figure's name for a single run; the run's label on a chart of one
   * figure for several runs; "LABEL: figure" on a chart of several of both.
   */
  static String seriesName(String run, String figure, boolean severalRuns,
      boolean severalFigures) {
    if (!severalRuns) {
      return figure;
    }
    return severalFigures ? run + ": " + figure : run;
  }

  /**
   * The trailing mean of {@code y} over {@code n} steps: entry i is the mean of the finite
   * values among {@code y[i-n+1..i]} (fewer at the start), NaN when none is finite. Summed as
   * differences from the window's first finite value, so a constant stretch (a learning rate
   * of 1e-6) has that constant as its mean exactly: ten 1e-6 summed and divided by 10 give
   * 1.0000000000000002e-6, a step the chart's tight y range would draw as a cliff.
   */
  public static double[] trailingMean(double[] y, int n) {
    double[] mean = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double first = Double.NaN;
      double sum = 0;
      int count = 0;
      for (int j = Math.max(0, i - n + 1); j <= i; j++) {
        if (Double.isFinite(y[j])) {
          first = count == 0 ? y[j] : first;
          sum += y[j] - first;
          count++;
        }
      }
      mean[i] = count == 0 ? Double.NaN : first + sum / count;
    }
    return mean;
  }

  /** Writes {@code chart} as a PNG of {@value #SCALE} device pixels per CSS pixel. */
  static void png(FileSystem fs, Path file, XYChart chart) throws IOException {
    BufferedImage image = new BufferedImage(chart.getWidth() * SCALE,
        chart.getHeight() * SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.scale(SCALE, SCALE);
      chart.paint(g, chart.getWidth(), chart.getHeight());
    } finally {
      g.dispose();
    }
    try (OutputStream out = fs.create(file, true)) {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("this JVM has no PNG writer");
      }
    }
  }

  /** The figure's values, NaN where a record lacks a number; null when no record has one. */
  private static double[] values(List<JsonNode> records, String figure) {
    double[] y = new double[records.size()];
    boolean any = false;
    for (int i = 0; i < y.length; i++) {
      JsonNode v = records.get(i).get(figure);
      boolean number = v != null && v.isNumber();
      y[i] = number ? v.asDouble() : Double.NaN;
      any |= number;
    }
    return any ? y : null;
  }

  private static XYChart chart(String title, String xAxis, String yAxis, int legendRows) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(PLOT_HEIGHT + LEGEND_ROW * legendRows)
        .title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS)
        .setLegendLayout(Styler.LegendLayout.Vertical);
    c.getStyler().setXAxisDecimalPattern("#,##0");
    return c;
  }

  /**
   * A hidden point half a step before the first: XChart 3.8 labels an axis whose values are
   * equally spaced (steps 1, 2, 3, ...) with every k-th value from the first, k as small as
   * still fits, so a long run gets crowded labels at odd steps (1, 9, 17, ...); with this
   * point the spacing is uneven and the axis gets round ticks (multiples of 1, 2 or 5 x 10^n),
   * whole numbers by the decimal pattern. Its NaN does the same for a y axis of two values.
   */
  private static void anchor(XYChart c, List<Line> lines) {
    double first = Double.POSITIVE_INFINITY;
    for (Line l : lines) {
      for (double x : l.x()) {
        first = Math.min(first, x);
      }
    }
    roundTicks(c, first);
  }

  /**
   * Gives {@code c}, whose lines start at step {@code first}, round x ticks: the hidden point
   * of {@link #anchor}.
   */
  public static void roundTicks(XYChart c, double first) {
    XYSeries a = c.addSeries(ANCHOR, new double[] {first - 0.5}, new double[] {Double.NaN});
    a.setMarker(SeriesMarkers.NONE);
    a.setShowInLegend(false);
  }
}
