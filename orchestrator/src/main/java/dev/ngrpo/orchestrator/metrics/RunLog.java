package dev.ngrpo.orchestrator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.orchestrator.train.EvalResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run's metrics files in its output folder: {@code metrics.jsonl}, one JSON object per
 * training step with every figure of docs/algorithm.md section 6, and {@code eval.jsonl}, one
 * per evaluation. Each file is rewritten whole after every record (they are small), which
 * works on every Hadoop file system, appending or not; a resumed run keeps the records of the
 * steps before its checkpoint and drops the rest, so no step appears twice.
 */
public final class RunLog {
  /** Per-step metrics file. */
  public static final String METRICS = "metrics.jsonl";
  /** Evaluation file. */
  public static final String EVALS = "eval.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path output;
  private final List<String> metricLines = new ArrayList<>();
  private final List<String> evalLines = new ArrayList<>();

  public RunLog(FileSystem fs, Path output) {
    this.fs = fs;
    this.output = output;
  }

  /** Keeps the existing records of steps before {@code nextStep} (on resume). */
  public void resumeBefore(long nextStep) {
    metricLines.addAll(keep(read(METRICS), nextStep, false));
    evalLines.addAll(keep(read(EVALS), nextStep, true));
    flush(METRICS, metricLines);
    flush(EVALS, evalLines);
  }

  /** Records one training step. */
  public void step(StepMetrics m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("step", m.step());
    m.asMap().forEach(n::put);
    metricLines.add(n.toString());
    flush(METRICS, metricLines);
  }

  /** Records one evaluation. */
  public void eval(EvalResult r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("step", r.step());
    n.put("label", r.label());
    n.put("prompts", r.prompts());
    n.put("samples", r.samples());
    n.put("accuracy", r.accuracy());
    n.put("reward.mean", r.meanReward());
    r.passAtK().forEach((k, v) -> n.put("pass@" + k, v));
    n.put("seconds", r.seconds());
    evalLines.add(n.toString());
    flush(EVALS, evalLines);
  }

  /** The parsed records of {@code file} in the output folder (empty when absent). */
  public static List<JsonNode> records(FileSystem fs, Path output, String file) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : read(fs, new Path(output, file))) {
      try {
        out.add(JSON.readTree(line));
      } catch (IOException e) {
        throw new UncheckedIOException(new Path(output, file) + ": not JSON: " + line, e);
      }
    }
    return out;
  }

  private List<String> read(String file) {
    return read(fs, new Path(output, file));
  }

  private static List<String> read(FileSystem fs, Path p) {
    List<String> lines = new ArrayList<>();
    try {
      if (!fs.exists(p)) {
        return lines;
      }
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (!line.isBlank()) {
            lines.add(line);
          }
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Records of steps before {@code nextStep}. An evaluation with step s ran after s training
   * steps, so it belongs to the kept history when {@code s <= nextStep} (the last run's final
   * evaluation included: it keeps its label "after").
   */
  private static List<String> keep(List<String> lines, long nextStep, boolean evals) {
    List<String> kept = new ArrayList<>();
    for (String line : lines) {
      try {
        JsonNode n = JSON.readTree(line);
        long step = n.path("step").asLong();
        boolean before = evals ? step <= nextStep : step < nextStep;
        if (before) {
          kept.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable metrics line: " + line, e);
      }
    }
    return kept;
  }

  private void flush(String file, List<String> lines) {
    Path p = new Path(output, file);
    try (FSDataOutputStream out = fs.create(p, true)) {
      for (String line : lines) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }
}
