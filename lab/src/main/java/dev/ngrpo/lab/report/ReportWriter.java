package dev.ngrpo.lab.report;

import dev.ngrpo.orchestrator.metrics.RunLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.XYChart;

/**
 * Writes a {@link Report} as {@code index.html} with PNG charts beside it: a header per run
 * ({@link RunHeader}); held-out accuracy, a table and a chart ({@link EvalSection}); the
 * training charts ({@link Panels}, drawn by {@link ReportCharts}), each only when some run
 * logged its figures; and, for a single run, its sample generations ({@link SampleSection}).
 * With several runs every chart holds a line per run, named by the run's label.
 *
 * <p>The page stands alone: styles inline, images by relative links, nothing fetched, so it
 * reads the same from a report folder copied off a cluster's file system. Written through the
 * raw file system under a checksummed one, so no {@code .crc} file sits beside a page or a
 * chart.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * Writes the default report of the run in {@code output} to {@code output/report}.
   *
   * @return the path of index.html
   */
  public static Path write(FileSystem fs, Path output) throws IOException {
    Report report = Report.of(List.of(ReportRun.read(fs, output)), ReportOptions.DEFAULTS);
    return write(fs, report, new Path(output, "report"));
  }

  /**
   * Writes {@code report} to the folder {@code dir} of {@code fs}, made when missing; files of
   * the same names there are overwritten.
   *
   * @return the path of index.html
   */
  public static Path write(FileSystem fs, Report report, Path dir) throws IOException {
    FileSystem out = RunLog.withoutChecksums(fs);
    out.mkdirs(dir);
    List<ReportRun> runs = report.runs();
    boolean several = runs.size() > 1;
    StringBuilder html = new StringBuilder(head(several)).append("<h1>")
        .append(several ? "Runs compared" : "Run report").append("</h1>").append(summary(runs))
        .append(RunHeader.html(runs));
    Optional<XYChart> heldOut = ReportCharts.heldOut(runs);
    if (heldOut.isPresent()) {
      html.append("<h2>Held-out evaluation</h2>").append(EvalSection.table(runs));
      image(html, out, dir, "eval.png", "held-out accuracy", heldOut.get());
    }
    StringBuilder training = new StringBuilder();
    for (Panel p : report.panels()) {
      Optional<XYChart> chart = ReportCharts.training(p, runs, report.smooth());
      if (chart.isPresent()) {
        image(training, out, dir, p.file(), p.title(), chart.get());
      }
    }
    if (!training.isEmpty()) {
      html.append("<h2>Training</h2>");
      if (report.smooth() > 1) {
        html.append("<p>Each faint line is the step values; the solid line over it their mean")
            .append(" over the last ").append(report.smooth()).append(" steps.</p>");
      }
      html.append(training);
    }
    html.append(samples(runs)).append("</body></html>\n");
    Path index = new Path(dir, "index.html");
    try (OutputStream o = out.create(index, true)) {
      o.write(html.toString().getBytes(StandardCharsets.UTF_8));
    }
    return index;
  }

  /**
   * The page's head and inline styles: two charts abreast in the 1,100-pixel column, each
   * {@value ReportCharts#WIDTH} CSS pixels wide, tops aligned (their legends differ in height).
   */
  private static String head(boolean several) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>ngrpo "
        + (several ? "runs compared" : "run report")
        + "</title><style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
        + "img{width:" + ReportCharts.WIDTH + "px;height:auto;margin:4px;vertical-align:top}"
        + "table{border-collapse:collapse}"
        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        + "td.text,th.text{text-align:left}pre{white-space:pre-wrap;margin:0}</style>"
        + "</head><body>";
  }

  /** What was read: a run's folder and counts, a list item per run when there are several. */
  private static String summary(List<ReportRun> runs) {
    if (runs.size() == 1) {
      ReportRun r = runs.get(0);
      return "<p>" + escape(r.output().toString()) + ": " + counts(r) + ".</p>";
    }
    StringBuilder list = new StringBuilder("<ul>");
    for (ReportRun r : runs) {
      list.append("<li><b>").append(escape(r.label())).append("</b>: ")
          .append(escape(r.output().toString())).append(", ").append(counts(r)).append("</li>");
    }
    return list.append("</ul>").toString();
  }

  private static String counts(ReportRun r) {
    return r.steps().size() + " steps, " + r.evals().size() + " evaluations";
  }

  /** A single run's samples; with several, a pointer to each run's own report. */
  private static String samples(List<ReportRun> runs) {
    if (runs.size() == 1) {
      return SampleSection.html(runs.get(0).samples());
    }
    if (runs.stream().allMatch(r -> r.samples().isEmpty())) {
      return "";
    }
    return "<h2>Samples</h2><p>A report of several runs leaves their sample generations out:"
        + " each run's own report (<code>bin/ngrpo report RUN_DIR</code>) shows them.</p>";
  }

  private static void image(StringBuilder html, FileSystem fs, Path dir, String file,
      String alt, XYChart chart) throws IOException {
    ReportCharts.png(fs, new Path(dir, file), chart);
    html.append("<img src=\"").append(escape(file)).append("\" alt=\"").append(escape(alt))
        .append("\">");
  }

  private static String escape(String s) {
    return SampleSection.escape(s);
  }
}
