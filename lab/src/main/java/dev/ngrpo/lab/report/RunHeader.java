package dev.ngrpo.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.orchestrator.metrics.RunLog;
import dev.ngrpo.orchestrator.train.RunOutput;
import dev.ngrpo.orchestrator.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The report's header: what each run was, read from its newest checkpoint, whose
 * {@code config.conf} holds the run's whole configuration (secrets redacted) and whose
 * {@code provenance.json} the commit and time it was written; and when it went, from the
 * {@value RunLog#TIME} of its first and last {@code metrics.jsonl} records. A run without a
 * checkpoint (stopped before its first, or a report of logs alone) has only the times; one
 * whose records predate the time field has no times.
 *
 * <p>The method is the preset with its values as the run used them: the preset block of
 * {@code ngrpo.presets} under the run's {@code ngrpo.learner.algorithm} overrides.
 *
 * <p>The start is the first step's log time minus its {@code time.step.seconds} (the rollout,
 * learning and publishing it took), so the time before the first step (Spark starting,
 * loading the model, the evaluation before training) is not in it; a record without that
 * figure gives its log time, and says so.
 */
final class RunHeader {
  /** The row naming the run ({@code ngrpo.run.name}). */
  static final String RUN = "run";
  /** The row of the time the first step began. */
  static final String STARTED = "first step began";
  /** The row of the time the last step was logged. */
  static final String LAST = "last step logged";

  private RunHeader() {}

  /**
   * The header's HTML: a row per item and a column per run, headed by the runs' labels when
   * there are several; "" when no run has a row.
   */
  static String html(List<ReportRun> runs) {
    Set<String> keys = new LinkedHashSet<>();
    runs.forEach(r -> keys.addAll(r.header().keySet()));
    if (keys.isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder("<table class=\"header\">");
    if (runs.size() > 1) {
      html.append("<tr><th></th>");
      runs.forEach(r -> html.append("<th class=\"text\">").append(SampleSection.escape(
          r.label())).append("</th>"));
      html.append("</tr>");
    }
    for (String k : keys) {
      html.append("<tr><th class=\"text\">").append(SampleSection.escape(k)).append("</th>");
      runs.forEach(r -> html.append("<td class=\"text\">").append(SampleSection.escape(
          r.header().getOrDefault(k, ""))).append("</td>"));
      html.append("</tr>");
    }
    return html.append("</table>").toString();
  }

  /** The header's rows of the run in {@code output}, whose steps are {@code steps}. */
  static Map<String, String> rows(FileSystem fs, Path output, List<JsonNode> steps)
      throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    CheckpointStore store = RunOutput.checkpointsOf(fs, output);
    Optional<CheckpointStore.Checkpoint> latest = store.latest();
    if (latest.isPresent()) {
      checkpointRows(rows, store, latest.get());
    }
    if (!steps.isEmpty()) {
      JsonNode first = steps.get(0);
      JsonNode last = steps.get(steps.size() - 1);
      if (first.path(RunLog.TIME).isNumber()) {
        double logged = first.get(RunLog.TIME).asDouble();
        JsonNode took = first.path(MetricNames.TIME_STEP);
        rows.put(STARTED, took.isNumber() ? iso(logged - took.asDouble()) + " (step "
            + (first.path("step").asLong() + 1) + ")" : iso(logged) + " (when step "
            + (first.path("step").asLong() + 1) + " was logged; its duration was not)");
      }
      if (last.path(RunLog.TIME).isNumber()) {
        rows.put(LAST, iso(last.get(RunLog.TIME).asDouble()) + " (step "
            + (last.path("step").asLong() + 1) + ")");
      }
    }
    return rows;
  }

  /** Seconds since the epoch as ISO-8601 UTC to the second, e.g. 2024-04-05T12:34:56Z. */
  static String iso(double epochSeconds) {
    return Instant.ofEpochMilli(Math.round(epochSeconds * 1000)).truncatedTo(ChronoUnit.SECONDS)
        .toString();
  }

  private static void checkpointRows(Map<String, String> rows, CheckpointStore store,
      CheckpointStore.Checkpoint latest) throws IOException {
    Config config = ConfigFactory.parseString(new String(
        store.read(latest, TrainingCheckpoint.CONFIG), StandardCharsets.UTF_8))
        .resolve().getConfig("ngrpo");
    JsonNode provenance = new ObjectMapper().readTree(store.read(latest,
        TrainingCheckpoint.PROVENANCE));
    rows.put(RUN, text(config, "run.name"));
    String preset = text(config, "learner.preset");
    rows.put("method", preset + " (" + presetValues(config, preset) + ")");
    rows.put("model", model(config));
    rows.put("data", data(config));
    rows.put("G, B, steps", text(config, "rollout.group-size") + " responses per prompt, "
        + text(config, "run.batch-size") + " prompts per step, " + text(config, "run.steps")
        + " steps");
    String master = text(config, "spark.master");
    rows.put("Spark master", master.isEmpty() ? "spark-submit's" : master);
    rows.put("built from", "commit " + provenance.path("git.commit").asText("unknown")
        + ("true".equals(provenance.path("git.dirty").asText()) ? " (with uncommitted changes)"
            : "") + ", ngrpo-spark " + provenance.path("ngrpo.version").asText("?")
        + ", Spark " + provenance.path("spark.version").asText("?"));
    rows.put("newest checkpoint", "step " + latest.step() + ", written "
        + provenance.path("time").asText("at an unknown time") + " on "
        + provenance.path("host").asText("?"));
  }

  /** The preset's keys as the run used them, sorted: {@code key = value, ...}. */
  private static String presetValues(Config config, String preset) {
    String path = "presets." + ConfigUtil.quoteString(preset);
    if (!config.hasPath(path)) {
      return "no such preset in the configuration";
    }
    ConfigObject values = config.getObject("learner.algorithm")
        .withFallback(config.getObject(path));
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : values.entrySet()) {
      sorted.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    List<String> out = new ArrayList<>();
    sorted.forEach((k, v) -> out.add(k + " = " + v));
    return String.join(", ", out);
  }

  private static String model(Config config) {
    String path = text(config, "model.path");
    String base = path.isEmpty() ? String.format("fresh: hidden %s, %s layers, %s heads",
        text(config, "model.init.hidden-size"), text(config, "model.init.layers"),
        text(config, "model.init.heads")) : path;
    String rank = text(config, "model.lora.rank");
    return rank.isEmpty() || rank.equals("0") ? base : base + "; LoRA rank " + rank;
  }

  private static String data(Config config) {
    String format = text(config, "data.format");
    return format.equals("builtin") ? "built-in task " + text(config, "task.name")
        : format + " " + text(config, "data.path");
  }

  /** The value at {@code path} as text, "" when absent. */
  private static String text(Config config, String path) {
    return config.hasPath(path) ? String.valueOf(config.getValue(path).unwrapped()) : "";
  }
}
