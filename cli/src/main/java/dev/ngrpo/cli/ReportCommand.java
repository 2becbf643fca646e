package dev.ngrpo.cli;

import dev.ngrpo.lab.report.ReportWriter;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ngrpo report RUN_DIR}: an HTML page with charts of a run's metrics. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Writes RUN_DIR/report/index.html with PNG charts of the run's metrics.jsonl"
        + " and eval.jsonl: reward and accuracy, held-out accuracy, group composition, clip"
        + " fractions, entropy, response length and time per phase.")
public final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR",
      description = "a run's output folder (ngrpo.run.output), local path or Hadoop URI")
  String runDir;

  @Override
  public Integer call() {
    return Failures.run(() -> {
      Path dir = HadoopPaths.of(runDir);
      FileSystem fs = dir.getFileSystem(new Configuration());
      if (!fs.exists(dir)) {
        throw new IllegalArgumentException("run folder " + runDir + " does not exist");
      }
      return new Object[] {fs, fs.makeQualified(dir)};
    }, args -> {
      Path index = ReportWriter.write((FileSystem) args[0], (Path) args[1]);
      System.out.println("wrote " + index);
      return 0;
    });
  }
}
