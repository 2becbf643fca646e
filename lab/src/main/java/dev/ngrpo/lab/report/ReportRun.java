package dev.ngrpo.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One run folder as a report reads it, read once: its logs, its header rows and the label its
 * lines carry on a chart of several runs.
 *
 * @param label the run's name ({@code ngrpo.run.name} of its newest checkpoint), else its
 *     folder's name; made unique among the runs of a {@link Report}
 * @param output the run's output folder
 * @param steps the records of {@code metrics.jsonl}
 * @param evals the records of {@code eval.jsonl}
 * @param samples the records of {@code samples.jsonl}
 * @param header the rows of the run's header (what it was, when it went), in order
 */
public record ReportRun(String label, Path output, List<JsonNode> steps, List<JsonNode> evals,
    List<JsonNode> samples, Map<String, String> header) {
  public ReportRun {
    steps = List.copyOf(steps);
    evals = List.copyOf(evals);
    samples = List.copyOf(samples);
    header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
  }

  /**
   * Reads the run in {@code output}: its logs through the raw file system (they have no
   * checksum files), its newest checkpoint through {@code fs}.
   *
   * @throws IllegalArgumentException when the folder has neither metrics nor evaluations
   */
  public static ReportRun read(FileSystem fs, Path output) throws IOException {
    FileSystem raw = RunLog.withoutChecksums(fs);
    List<JsonNode> steps = RunLog.records(raw, output, RunLog.METRICS);
    List<JsonNode> evals = RunLog.records(raw, output, RunLog.EVALS);
    if (steps.isEmpty() && evals.isEmpty()) {
      throw new IllegalArgumentException("no " + RunLog.METRICS + " or " + RunLog.EVALS + " in "
          + output + ": not the output folder of a run");
    }
    Map<String, String> header = RunHeader.rows(fs, output, steps);
    String name = header.getOrDefault(RunHeader.RUN, "");
    return new ReportRun(name.isEmpty() ? folderName(output) : name, output, steps, evals,
        RunLog.records(raw, output, RunLog.SAMPLES), header);
  }

  /**
   * The runs with labels that tell them apart: a label two runs share gets each one's folder
   * name in brackets ({@code seed (runs-a)}), and one still shared a number ({@code #1},
   * {@code #2}) in the order of the runs.
   */
  static List<ReportRun> labelled(List<ReportRun> runs) {
    List<String> labels = new ArrayList<>();
    Map<String, Integer> shared = counts(runs.stream().map(ReportRun::label).toList());
    for (ReportRun r : runs) {
      labels.add(shared.get(r.label()) > 1 ? r.label() + " (" + folderName(r.output()) + ")"
          : r.label());
    }
    Map<String, Integer> stillShared = counts(labels);
    Map<String, Integer> numbered = new HashMap<>();
    List<ReportRun> out = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      String l = labels.get(i);
      ReportRun r = runs.get(i);
      out.add(new ReportRun(stillShared.get(l) > 1 ? l + " #" + numbered.merge(l, 1, Integer::sum)
          : l, r.output(), r.steps(), r.evals(), r.samples(), r.header()));
    }
    return out;
  }

  /**
   * The last name of {@code folder}'s path, also when it ends in '/', as a local folder given
   * on the command line does ({@link Path#getName} is then "").
   */
  static String folderName(Path folder) {
    String path = folder.toUri().getPath().replaceAll("/+$", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static Map<String, Integer> counts(List<String> labels) {
    Map<String, Integer> counts = new HashMap<>();
    labels.forEach(l -> counts.merge(l, 1, Integer::sum));
    return counts;
  }
}
