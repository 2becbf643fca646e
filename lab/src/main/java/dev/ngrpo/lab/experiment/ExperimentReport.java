package dev.ngrpo.lab.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An experiment's results: {@code results.json} (every number: the runs, the per-method
 * summaries and the comparisons), {@code results.md} ({@link ReportTables}: take-off and final
 * accuracy per method, paired differences to the reference method with Holm-corrected p-values,
 * generated compute, every run) and {@code plots/} ({@link ReportPlots}: curves averaged over
 * seeds, and every seed's curves per method).
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

  /** Every method's summary over its seeds, in the order listed. */
  public List<MethodSummary> summaries() {
    return settings.names().stream()
        .map(m -> MethodSummary.of(m, of(m), settings.finalEval().passK())).toList();
  }

  /**
   * Final accuracy of every other method against the reference, paired by seed, with p-values
   * Holm-corrected across these comparisons.
   */
  public List<Comparison> comparisons() {
    return Comparison.against(settings.reference(), settings.names(), this::accuracies);
  }

  /** The take-off line: the base model's greedy held-out accuracy plus the margin. */
  public double takeOffLine() {
    return base.greedyAccuracy() + settings.takeOffMargin();
  }

  /** Writes results.json, results.md and plots/ into {@code output}. */
  public void write(FileSystem fs, Path output) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seconds", seconds);
    json.put("seeds", settings.seeds());
    json.put("reference", settings.reference());
    json.put("takeOffMargin", settings.takeOffMargin());
    json.put("alpha", Comparison.ALPHA);
    json.put("base", base);
    json.put("methods", summaries());
    json.put("comparisons", comparisons());
    json.put("runs", runs);
    RunStore.write(fs, new Path(output, "results.json"), new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
    RunStore.write(fs, new Path(output, "results.md"), markdown().getBytes(StandardCharsets.UTF_8));
    new ReportPlots(this).write(fs, new Path(output, "plots"));
  }

  /** The tables, in Markdown. */
  public String markdown() {
    return new ReportTables(this).markdown();
  }
}
