package dev.ngrpo.cli;

import dev.ngrpo.lab.bench.MachineInfo;
import dev.ngrpo.lab.plan.PlanBenchmark;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ngrpo bench-plan}: the memory plan beside measured peaks. */
@Command(name = "bench-plan", mixinStandardHelpOptions = true,
    description = {"Sets the memory plan beside measured peaks: for the default model"
        + " (conf/local.conf) and the Qwen2.5-0.5B shape, runs the learner's step and a rollout"
        + " task at the planned shapes, each in a JVM of its own, and prints the planned bytes"
        + " (driver and executor off-heap) with the growth of the JVM's peak resident memory;"
        + " the 1.5B and 7B shapes are computed only.",
        "About 5 minutes on 2 cores; the 0.5B step needs about 16 GB free (--measure default"
        + " leaves it out). A probe the machine's available memory cannot hold is not run, and"
        + " one is stopped when the available memory falls under 2 GB."})
public final class BenchPlanCommand implements Callable<Integer> {
  @Option(names = "--measure", split = ",", paramLabel = "CASE",
      description = "the cases to measure, of default and 0.5b (default: both); the others"
          + " are computed only")
  List<String> measure = PlanBenchmark.MEASURABLE;

  @Option(names = "--malloc-mmap-threshold", paramLabel = "BYTES",
      description = "run the probes with glibc's MALLOC_MMAP_THRESHOLD_ fixed at BYTES (e.g."
          + " 131072): freed tensors then leave the resident set, where the dynamic default"
          + " keeps some")
  Long mmapThreshold;

  @Option(names = "--config", paramLabel = "FILE",
      description = "the default model's run file (default: conf/local.conf)")
  File config;

  @Override
  public Integer call() throws Exception {
    MachineInfo.describe().forEach((k, v) -> System.out.printf("%-14s %s%n", k, v));
    File local = config != null ? config
        : new File(System.getProperty("ngrpo-spark.home", "."), "conf/local.conf");
    Path work = Files.createTempDirectory("ngrpo-bench-plan");
    Map<String, String> environment = mmapThreshold == null ? Map.of()
        : Map.of("MALLOC_MMAP_THRESHOLD_", mmapThreshold.toString());
    PlanBenchmark bench = new PlanBenchmark(work, environment, System.err::println);
    List<PlanBenchmark.Figure> figures = bench.run(bench.defaultCases(local, Set.copyOf(measure)));
    System.out.println();
    System.out.println(PlanBenchmark.table(figures));
    return 0;
  }
}
