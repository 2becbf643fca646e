package dev.ngrpo.lab.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ngrpo.orchestrator.train.EvalResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An experiment's results: {@code results.json} (every number), {@code results.md} (the
 * tables: per method the mean and spread over seeds, every seed's final numbers, the step at
 * which greedy held-out accuracy first doubled, and each method's difference to the first
 * method with a 95% confidence interval over paired seeds) and {@code plots/*.png} (curves
 * averaged over seeds).
 *
 * @param settings what was run
 * @param base the base model's measurements
 * @param runs every run
 * @param seconds wall time of the whole experiment
 */
public record ExperimentReport(ExperimentSettings settings, BaseModel base, List<RunResult> runs,
    double seconds) {

  /** The runs of {@code method}, in seed order. */
  public List<RunResult> of(String method) {
    return runs.stream().filter(r -> r.method().equals(method)).toList();
  }

  /** Final accuracies of {@code method}, in seed order. */
  public double[] accuracies(String method) {
    return of(method).stream().mapToDouble(r -> r.finalEval().accuracy()).toArray();
  }

  /** pass@k of {@code method}, in seed order. */
  public double[] passAtK(String method, int k) {
    return of(method).stream().mapToDouble(r -> r.finalEval().passAtK().get(k)).toArray();
  }

  /** Writes results.json, results.md and plots/ into {@code output}. */
  public void write(FileSystem fs, Path output) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seconds", seconds);
    json.put("seeds", settings.seeds());
    json.put("base", base);
    json.put("runs", runs);
    write(fs, new Path(output, "results.json"), new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
    write(fs, new Path(output, "results.md"), markdown().getBytes(StandardCharsets.UTF_8));
    plots(fs, new Path(output, "plots"));
  }

  /** The tables, in Markdown. */
  public String markdown() {
    List<Integer> ks = settings.finalEval().passK();
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Base model: %s%n%n", base.describe()));
    md.append("| method | accuracy (mean ± sd) |");
    ks.forEach(k -> md.append(" pass@").append(k).append(" |"));
    md.append(" accuracy doubled at step (per seed) |\n|---|---|");
    ks.forEach(k -> md.append("---|"));
    md.append("---|\n");
    for (String m : settings.methods().keySet()) {
      double[] acc = accuracies(m);
      md.append(String.format(Locale.ROOT, "| %s | %.3f ± %.3f |", m, Statistics.mean(acc),
          Statistics.sd(acc)));
      for (int k : ks) {
        double[] p = passAtK(m, k);
        md.append(String.format(Locale.ROOT, " %.3f ± %.3f |", Statistics.mean(p),
            Statistics.sd(p)));
      }
      List<String> doubling = new ArrayList<>();
      of(m).forEach(r -> doubling.add(r.doublingStep() < 0 ? "never" : "" + r.doublingStep()));
      md.append(' ').append(String.join(", ", doubling)).append(" |\n");
    }
    String reference = settings.methods().keySet().iterator().next();
    md.append(String.format(Locale.ROOT, "%nDifference of final accuracy to %s (paired by"
        + " seed; 95%% t-interval over %d seeds):%n%n| method | mean difference | 95%% CI |%n"
        + "|---|---|---|%n", reference, settings.seeds().size()));
    double[] ref = accuracies(reference);
    for (String m : settings.methods().keySet()) {
      if (m.equals(reference)) {
        continue;
      }
      double[] a = accuracies(m);
      double[] d = new double[a.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = a[i] - ref[i];
      }
      double[] ci = Statistics.interval95(d);
      md.append(String.format(Locale.ROOT, "| %s | %+.3f | [%+.3f, %+.3f] |%n", m,
          Statistics.mean(d), ci[0], ci[1]));
    }
    md.append("\nEvery run's final numbers:\n\n| method | seed | accuracy |");
    ks.forEach(k -> md.append(" pass@").append(k).append(" |"));
    md.append(" seconds |\n|---|---|---|");
    ks.forEach(k -> md.append("---|"));
    md.append("---|\n");
    for (RunResult r : runs) {
      EvalResult e = r.finalEval();
      md.append(String.format(Locale.ROOT, "| %s | %d | %.3f |", r.method(), r.seed(),
          e.accuracy()));
      ks.forEach(k -> md.append(String.format(Locale.ROOT, " %.3f |", e.passAtK().get(k))));
      md.append(String.format(Locale.ROOT, " %.0f |%n", r.seconds()));
    }
    md.append(String.format(Locale.ROOT, "%nWall time of the experiment: %.1f minutes.%n",
        seconds / 60));
    return md.toString();
  }

  private void plots(FileSystem fs, Path dir) throws IOException {
    fs.mkdirs(dir);
    chart(fs, new Path(dir, "heldout-accuracy.png"), "Greedy held-out accuracy (mean over seeds)",
        "training steps done", m -> of(m).stream().map(RunResult::greedyCurve).toList(), 1);
    for (int column = 1; column < RunResult.STEP_COLUMNS.size(); column++) {
      String name = RunResult.STEP_COLUMNS.get(column);
      int c = column;
      chart(fs, new Path(dir, RunResult.STEP_PLOTS.get(column) + ".png"),
          name + " (mean over seeds)", "step", m -> of(m).stream().map(RunResult::steps).toList(),
          c);
    }
  }

  /** Curves of {@code column}, one line per method, averaged over seeds at equal x. */
  private void chart(FileSystem fs, Path file, String title, String xAxis,
      java.util.function.Function<String, List<List<double[]>>> series, int column)
      throws IOException {
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xAxis)
        .yAxisTitle("").build();
    for (String m : settings.methods().keySet()) {
      TreeMap<Double, double[]> byX = new TreeMap<>();
      for (List<double[]> run : series.apply(m)) {
        for (double[] row : run) {
          byX.computeIfAbsent(row[0], x -> new double[2]);
          byX.get(row[0])[0] += row[column];
          byX.get(row[0])[1] += 1;
        }
      }
      if (byX.isEmpty()) {
        continue;
      }
      double[] x = byX.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] y = byX.values().stream().mapToDouble(v -> v[0] / v[1]).toArray();
      chart.addSeries(m, x, y).setMarker(SeriesMarkers.NONE);
    }
    try (OutputStream out = fs.create(file, true)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }
}
