package dev.ngrpo.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.orchestrator.train.RunOutput;
import dev.ngrpo.orchestrator.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The report's header: what the run was, read from its newest checkpoint, whose
 * {@code config.conf} holds the run's whole configuration (secrets redacted) and whose
 * {@code provenance.json} the commit and time it was written. A run folder without a
 * checkpoint (a run stopped before its first, or a report of logs alone) gets no header.
 *
 * <p>The method is the preset with its values as the run used them: the preset block of
 * {@code ngrpo.presets} under the run's {@code ngrpo.learner.algorithm} overrides.
 */
final class RunHeader {
  private RunHeader() {}

  /** The header's HTML, or "" when the run has no checkpoint. */
  static String html(FileSystem fs, Path output) throws IOException {
    CheckpointStore store = RunOutput.checkpointsOf(fs, output);
    Optional<CheckpointStore.Checkpoint> latest = store.latest();
    if (latest.isEmpty()) {
      return "";
    }
    Config config = ConfigFactory.parseString(new String(
        store.read(latest.get(), TrainingCheckpoint.CONFIG), StandardCharsets.UTF_8))
        .resolve().getConfig("ngrpo");
    JsonNode provenance = new ObjectMapper().readTree(store.read(latest.get(),
        TrainingCheckpoint.PROVENANCE));
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("run", text(config, "run.name"));
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
    rows.put("newest checkpoint", "step " + latest.get().step() + ", written "
        + provenance.path("time").asText("at an unknown time") + " on "
        + provenance.path("host").asText("?"));
    StringBuilder html = new StringBuilder("<table class=\"header\">");
    rows.forEach((k, v) -> html.append("<tr><th class=\"text\">").append(SampleSection.escape(k))
        .append("</th><td class=\"text\">").append(SampleSection.escape(v)).append("</td></tr>"));
    return html.append("</table>").toString();
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
