package dev.ngrpo.lab.report;

import static dev.ngrpo.core.data.MetricNames.ACCURACY;
import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_MAX;
import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_MEAN;
import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_MIN;
import static dev.ngrpo.core.data.MetricNames.CLIP_NEGATIVE;
import static dev.ngrpo.core.data.MetricNames.CLIP_POSITIVE;
import static dev.ngrpo.core.data.MetricNames.ENTROPY;
import static dev.ngrpo.core.data.MetricNames.GRAD_NORM;
import static dev.ngrpo.core.data.MetricNames.GRAD_NORM_MAX;
import static dev.ngrpo.core.data.MetricNames.GROUPS_ALL_CORRECT;
import static dev.ngrpo.core.data.MetricNames.GROUPS_ALL_WRONG;
import static dev.ngrpo.core.data.MetricNames.GROUPS_MIXED;
import static dev.ngrpo.core.data.MetricNames.KL;
import static dev.ngrpo.core.data.MetricNames.LEARNING_RATE;
import static dev.ngrpo.core.data.MetricNames.LEARN_TOKENS_PER_SECOND;
import static dev.ngrpo.core.data.MetricNames.LENGTH_MAX;
import static dev.ngrpo.core.data.MetricNames.LENGTH_MEAN;
import static dev.ngrpo.core.data.MetricNames.LOSS;
import static dev.ngrpo.core.data.MetricNames.REWARD_MEAN;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN;
import static dev.ngrpo.core.data.MetricNames.TIME_PUBLISH;
import static dev.ngrpo.core.data.MetricNames.TIME_ROLLOUT;
import static dev.ngrpo.core.data.MetricNames.TOKENS_PER_SECOND;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns a run's {@code metrics.jsonl} and {@code eval.jsonl} into {@code report/index.html}
 * with PNG charts (XChart, headless): held-out accuracy; reward and training accuracy apart,
 * group composition, clip fractions, entropy, response length, time per phase, loss, gradient
 * norm, advantage range, KL, learning rate and throughput, each only when the run logged it; and its
 * {@code samples.jsonl} into a section of sample generations ({@link SampleSection}).
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** A chart: file name, title, y axis, and the metrics it plots. */
  private record Panel(String file, String title, String yAxis, List<String> metrics) {}

  private static final List<Panel> PANELS = List.of(
      // apart: with r_max = 1 and a 0/1 verifier the two lines coincide and one hides the other
      new Panel("reward.png", "Mean reward (training rollouts)", "reward", List.of(REWARD_MEAN)),
      new Panel("accuracy.png", "Accuracy (training rollouts)", "fraction correct",
          List.of(ACCURACY)),
      new Panel("groups.png", "Group composition", "groups",
          List.of(GROUPS_ALL_WRONG, GROUPS_MIXED, GROUPS_ALL_CORRECT)),
      new Panel("clip.png", "Clipped token fraction", "fraction",
          List.of(CLIP_POSITIVE, CLIP_NEGATIVE)),
      new Panel("entropy.png", "Policy entropy per token", "nats", List.of(ENTROPY)),
      new Panel("length.png", "Response length", "tokens", List.of(LENGTH_MEAN, LENGTH_MAX)),
      new Panel("time.png", "Time per phase", "seconds",
          List.of(TIME_ROLLOUT, TIME_LEARN, TIME_PUBLISH)),
      new Panel("loss.png", "Loss", "loss", List.of(LOSS)),
      new Panel("grad.png", "Gradient norm (before clipping)", "norm",
          List.of(GRAD_NORM, GRAD_NORM_MAX)),
      new Panel("advantage.png", "Advantage range", "advantage",
          List.of(ADVANTAGE_MIN, ADVANTAGE_MEAN, ADVANTAGE_MAX)),
      new Panel("kl.png", "KL to the reference policy", "nats", List.of(KL)),
      new Panel("lr.png", "Learning rate", "lr", List.of(LEARNING_RATE)),
      new Panel("throughput.png", "Throughput", "tokens/s",
          List.of(TOKENS_PER_SECOND, LEARN_TOKENS_PER_SECOND)));

  /**
   * Writes the report of the run in {@code output}.
   *
   * @return the path of index.html
   */
  public static Path write(FileSystem runFs, Path output) throws IOException {
    FileSystem fs = RunLog.withoutChecksums(runFs);
    List<JsonNode> steps = RunLog.records(fs, output, RunLog.METRICS);
    List<JsonNode> evals = RunLog.records(fs, output, RunLog.EVALS);
    if (steps.isEmpty() && evals.isEmpty()) {
      throw new IllegalArgumentException("no " + RunLog.METRICS + " or " + RunLog.EVALS + " in "
          + output + ": not the output folder of a run");
    }
    Path dir = new Path(output, "report");
    fs.mkdirs(dir);
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>ngrpo run report")
        .append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:auto}")
        .append("img{width:520px;margin:4px}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("td.text,th.text{text-align:left}pre{white-space:pre-wrap;margin:0}</style>")
        .append("</head><body><h1>Run report</h1><p>").append(escape(output.toString()))
        .append(": ").append(steps.size()).append(" steps, ").append(evals.size())
        .append(" evaluations.</p>");
    html.append(RunHeader.html(runFs, output));
    if (!evals.isEmpty()) {
      html.append("<h2>Held-out evaluation</h2>").append(evalTable(evals));
      png(fs, new Path(dir, "eval.png"), evalChart(evals));
      html.append("<img src=\"eval.png\" alt=\"held-out accuracy\">");
    }
    if (!steps.isEmpty()) {
      html.append("<h2>Training</h2>");
      for (Panel p : PANELS) {
        XYChart chart = chart(p, steps);
        if (chart.getSeriesMap().isEmpty()) {
          continue; // no step logged these figures (KL without a reference policy)
        }
        png(fs, new Path(dir, p.file()), chart);
        html.append("<img src=\"").append(p.file()).append("\" alt=\"")
            .append(escape(p.title())).append("\">");
      }
    }
    html.append(SampleSection.html(RunLog.records(fs, output, RunLog.SAMPLES)));
    html.append("</body></html>\n");
    Path index = new Path(dir, "index.html");
    try (OutputStream out = fs.create(index, true)) {
      out.write(html.toString().getBytes(StandardCharsets.UTF_8));
    }
    return index;
  }

  private static XYChart chart(Panel p, List<JsonNode> steps) {
    XYChart c = new XYChartBuilder().width(800).height(500).title(p.title())
        .xAxisTitle("step").yAxisTitle(p.yAxis()).build();
    double[] x = new double[steps.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = steps.get(i).path("step").asDouble() + 1;
    }
    for (String metric : p.metrics()) {
      double[] y = values(steps, metric);
      if (y != null) {
        c.addSeries(metric, x, y).setMarker(SeriesMarkers.NONE);
      }
    }
    return c;
  }

  private static XYChart evalChart(List<JsonNode> evals) {
    XYChart c = new XYChartBuilder().width(800).height(500).title("Held-out accuracy")
        .xAxisTitle("training steps done").yAxisTitle("").build();
    double[] x = new double[evals.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = evals.get(i).path("step").asDouble();
    }
    c.addSeries("accuracy", x, values(evals, "accuracy"));
    evals.get(0).fieldNames().forEachRemaining(name -> {
      if (name.startsWith("pass@") && !name.equals("pass@1")) {
        c.addSeries(name, x, values(evals, name));
      }
    });
    return c;
  }

  /** The metric's values, NaN where a record lacks it; null when no record has it. */
  private static double[] values(List<JsonNode> records, String metric) {
    double[] y = new double[records.size()];
    boolean any = false;
    for (int i = 0; i < y.length; i++) {
      JsonNode v = records.get(i).get(metric);
      y[i] = v == null || !v.isNumber() ? Double.NaN : v.asDouble();
      any |= v != null;
    }
    return any ? y : null;
  }

  private static String evalTable(List<JsonNode> evals) {
    List<String> columns = new ArrayList<>(List.of("label", "step", "prompts", "samples",
        "accuracy"));
    evals.get(0).fieldNames().forEachRemaining(n -> {
      if (n.startsWith("pass@")) {
        columns.add(n);
      }
    });
    StringBuilder t = new StringBuilder("<table><tr>");
    columns.forEach(c -> t.append("<th>").append(escape(c)).append("</th>"));
    t.append("</tr>");
    for (JsonNode e : evals) {
      t.append("<tr>");
      for (String c : columns) {
        JsonNode v = e.get(c);
        String text = v == null ? "" : v.isFloatingPointNumber()
            ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : v.asText();
        t.append("<td>").append(escape(text)).append("</td>");
      }
      t.append("</tr>");
    }
    return t.append("</table>").toString();
  }

  private static void png(FileSystem fs, Path file, XYChart chart) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static String escape(String s) {
    return SampleSection.escape(s);
  }
}
