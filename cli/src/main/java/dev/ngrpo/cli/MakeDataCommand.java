package dev.ngrpo.cli;

import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.orchestrator.data.VerlParquet;
import dev.ngrpo.orchestrator.spark.SparkSessions;
import dev.ngrpo.orchestrator.task.Split;
import dev.ngrpo.orchestrator.task.Tasks;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ngrpo make-data}: a built-in task's split written as a verl-layout Parquet dataset, so
 * that a run can read a built-in task through the dataset path ({@code ngrpo.data.format =
 * parquet}) exactly as it reads a real one.
 */
@Command(name = "make-data", mixinStandardHelpOptions = true,
    description = {"Writes the train or test split of a built-in task (ngrpo.task: its name,"
        + " seed, sizes and settings) as a Parquet dataset in the verl layout (data_source,"
        + " prompt, reward_model.ground_truth, extra_info), with the configuration's Spark.",
        "Train from it with ngrpo.data.format = parquet and ngrpo.data.path = OUT; evaluate on"
        + " a test split with ngrpo.eval.path = OUT."})
public final class MakeDataCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Spec
  CommandSpec spec;

  @Option(names = "--task", paramLabel = "NAME",
      description = "the built-in task (default: ngrpo.task.name of the configuration)")
  String task;

  @Option(names = "--split", required = true, paramLabel = "SPLIT",
      description = "train or test")
  String split;

  @Option(names = "--out", required = true, paramLabel = "PATH",
      description = "new folder (path or Hadoop URI) to write the Parquet file to")
  String out;

  @Override
  public Integer call() {
    if (!split.equals("train") && !split.equals("test")) {
      throw new ParameterException(spec.commandLine(), "--split must be train or test, got '"
          + split + "'");
    }
    Split which = Split.valueOf(split.toUpperCase(Locale.ROOT));
    List<String> extra = task == null ? List.of() : List.of("ngrpo.task.name=" + task);
    return Failures.run(() -> options.loadSettings(extra), config -> {
      List<Prompt> prompts = Tasks.create(config.task()).prompts(which);
      String path = HadoopPaths.of(out).toString();
      SparkSession spark = SparkSessions.start(config.spark());
      try {
        VerlParquet.write(prompts, split, path, spark);
      } finally {
        spark.stop();
      }
      System.out.printf("wrote %d %s %s prompts to %s%n", prompts.size(), config.task().name(),
          split, path);
      return 0;
    });
  }
}
