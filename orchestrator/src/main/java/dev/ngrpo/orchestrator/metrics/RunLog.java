package dev.ngrpo.orchestrator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.orchestrator.train.EvalResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run's metrics files in its output folder: {@code metrics.jsonl}, one JSON object per
 * training step with every figure of docs/algorithm.md section 6 and the wall-clock time it
 * was logged ({@value #TIME}), {@code eval.jsonl}, one
 * per evaluation, and {@code samples.jsonl}, one per sampled group ({@link GroupSample}).
 * Records are appended and flushed one by one (see {@link JsonlLog} for the
 * file systems that cannot append, where each record still rewrites the file): the history is
 * never rewritten except once when a run starts, which keeps the records of the steps before
 * its checkpoint and drops the rest, so no step appears twice. A line torn by a killed run is
 * dropped with a warning naming the file.
 */
public final class RunLog implements AutoCloseable {
  /** Per-step metrics file. */
  public static final String METRICS = "metrics.jsonl";
  /** Evaluation file. */
  public static final String EVALS = "eval.jsonl";
  /** Sample generations file. */
  public static final String SAMPLES = "samples.jsonl";
  /**
   * Field of a {@code metrics.jsonl} record: when the step was logged, in seconds since
   * 1970-01-01T00:00:00Z (UTC, millisecond precision; written as a plain decimal such as
   * {@code 1712345678.123}), so a report can say when a run went without a Spark event log.
   * The step ended just before, so {@code time - time.step.seconds} is when it began. Records
   * written before the field existed lack it.
   */
  public static final String TIME = "time";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path output;
  private final Clock clock;
  private final JsonlLog metrics;
  private final JsonlLog evals;
  private final JsonlLog samples;

  /** The logs of the run in {@code output}, stamping steps with the system's UTC clock. */
  public RunLog(FileSystem fs, Path output) {
    this(fs, output, Clock.systemUTC());
  }

  /** The logs of the run in {@code output}, stamping steps with {@code clock} (tests fix it). */
  public RunLog(FileSystem fs, Path output, Clock clock) {
    this.fs = fs;
    this.output = output;
    this.clock = clock;
    this.metrics = new JsonlLog(fs, new Path(output, METRICS));
    this.evals = new JsonlLog(fs, new Path(output, EVALS));
    this.samples = new JsonlLog(fs, new Path(output, SAMPLES));
  }

  /**
   * Keeps the existing records of steps before {@code nextStep} (on resume; a fresh run passes
   * 0 and starts empty files), then appends from there.
   */
  public void resumeBefore(long nextStep) {
    metrics.restart(keep(read(METRICS), nextStep, false));
    evals.restart(keep(read(EVALS), nextStep, true));
    samples.restart(keep(read(SAMPLES), nextStep, false));
  }

  /** Records one training step, stamped with the time it is logged ({@value #TIME}). */
  public void step(StepMetrics m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("step", m.step());
    // a decimal of scale 3, not a double: Jackson writes 1.712345678123E9 for the double
    n.put(TIME, BigDecimal.valueOf(clock.millis(), 3));
    m.asMap().forEach(n::put);
    metrics.append(n.toString());
  }

  /** Records one evaluation. */
  public void eval(EvalResult r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("step", r.step());
    n.put("label", r.label());
    n.put("prompts", r.prompts());
    n.put("prompts.ungraded", r.ungraded());
    n.put("samples", r.samples());
    n.put("accuracy", r.accuracy());
    n.put("reward.mean", r.meanReward());
    r.passAtK().forEach((k, v) -> n.put("pass@" + k, v));
    n.put("seconds", r.seconds());
    evals.append(n.toString());
  }

  /** Records one sampled group. */
  public void sample(GroupSample s) {
    samples.append(s.json());
  }

  /**
   * The file system to write a run's files through: the raw one under a checksummed one
   * (Hadoop's local file system), so that no {@code .crc} side file sits beside them.
   * Appended logs would otherwise need their checksum rewritten, and a report folder copied or
   * served from a local disk would carry one hidden file per page and chart.
   */
  public static FileSystem withoutChecksums(FileSystem fs) {
    return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  /**
   * The parsed records of {@code file} in the output folder (empty when absent); a torn last
   * line is left out.
   */
  public static List<JsonNode> records(FileSystem fs, Path output, String file) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : JsonlLog.read(fs, new Path(output, file))) {
      try {
        out.add(JSON.readTree(line));
      } catch (IOException e) {
        throw new UncheckedIOException(new Path(output, file) + ": not JSON: " + line, e);
      }
    }
    return out;
  }

  private List<String> read(String file) {
    return JsonlLog.read(fs, new Path(output, file));
  }

  /**
   * Records of steps before {@code nextStep} (metrics and samples). An evaluation with step s
   * ran after s training steps, so it belongs to the kept history when {@code s <= nextStep}
   * (the last run's final evaluation included: it keeps its label "after").
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
        throw new UncheckedIOException("unreadable log line: " + line, e);
      }
    }
    return kept;
  }

  /** Closes the files; what was recorded is already visible. */
  @Override
  public void close() {
    try {
      metrics.close();
    } finally {
      try {
        evals.close();
      } finally {
        samples.close();
      }
    }
  }
}
