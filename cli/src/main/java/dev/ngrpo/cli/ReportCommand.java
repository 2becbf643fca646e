package dev.ngrpo.cli;

import dev.ngrpo.lab.report.Report;
import dev.ngrpo.lab.report.ReportOptions;
import dev.ngrpo.lab.report.ReportRun;
import dev.ngrpo.lab.report.ReportWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ngrpo report RUN_DIR [RUN_DIR...]}: an HTML page with charts of one run's metrics, or
 * of several runs overlaid. The runs are read and the options checked against them before
 * anything is written, so a mistaken option (a metric no run logged) exits 2 like any other
 * usage error.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes index.html with PNG charts of a run's metrics.jsonl and eval.jsonl:"
        + " a header per run (what it was, from its newest checkpoint; when its first step"
        + " began and its last was logged), held-out accuracy, reward and accuracy, group"
        + " composition, clip fractions, entropy, response length, time per phase, loss,"
        + " gradient norm, advantage range, KL, learning rate and throughput; and the run's"
        + " sample generations from samples.jsonl.",
        "With several RUN_DIRs every chart has a line per run, named by its ngrpo.run.name (or"
        + " its folder's name), and the page leaves the samples out; --out is then required."
        + " The page needs nothing from the network and links its charts relatively, so a"
        + " report folder copied off HDFS reads the same."})
public final class ReportCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "RUN_DIR",
      description = "a run's output folder (ngrpo.run.output), local path or Hadoop URI")
  List<String> runDirs;

  @Option(names = "--out", paramLabel = "DIR",
      description = "folder for index.html and the charts, made when missing (default with one"
          + " RUN_DIR: RUN_DIR/report; required with several)")
  String out;

  @Option(names = "--metric", paramLabel = "NAME",
      description = "also chart this metrics.jsonl field, on a chart of its own (exact name;"
          + " repeatable); an unknown name exits 2 listing the known ones")
  List<String> metrics = new ArrayList<>();

  @Option(names = "--all-metrics",
      description = "also a chart for every numeric metrics.jsonl field that no default chart"
          + " shows")
  boolean allMetrics;

  @Option(names = "--smooth", paramLabel = "N", defaultValue = "1",
      description = "draw over each training line its mean over the last N steps, the values"
          + " faint beneath (default: ${DEFAULT-VALUE}, no mean)")
  int smooth;

  /** A report to write, and where. */
  private record Target(Report report, FileSystem fs, Path dir) {}

  @Override
  public Integer call() {
    return Failures.run(() -> {
      if (runDirs.size() > 1 && out == null) {
        throw new IllegalArgumentException("--out DIR is required with several RUN_DIRs ("
            + runDirs.size() + " given): the folder to write the page that compares them to");
      }
      ReportOptions options = new ReportOptions(metrics, allMetrics, smooth);
      Configuration hadoop = new Configuration();
      List<ReportRun> runs = new ArrayList<>();
      for (String runDir : runDirs) {
        Path dir = HadoopPaths.of(runDir);
        FileSystem fs = dir.getFileSystem(hadoop);
        if (!fs.exists(dir)) {
          throw new IllegalArgumentException("run folder " + runDir + " does not exist");
        }
        runs.add(ReportRun.read(fs, fs.makeQualified(dir)));
      }
      Report report = Report.of(runs, options);
      Path dir = out == null ? new Path(report.runs().get(0).output(), "report")
          : HadoopPaths.of(out);
      FileSystem fs = dir.getFileSystem(hadoop);
      return new Target(report, fs, fs.makeQualified(dir));
    }, target -> {
      Path index = ReportWriter.write(target.fs(), target.report(), target.dir());
      System.out.println("wrote " + index);
      return 0;
    });
  }
}
