package dev.ngrpo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ngrpo.lab.bench.BenchSuite;
import dev.ngrpo.lab.bench.BenchTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ngrpo bench}: the performance figures of docs/benchmarks.md, in one command. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measures the whole system: matmul peak; KV-cached decoding of the default"
        + " model and the Qwen2.5-0.5B shape (random weights) against that peak; weight"
        + " publishing to 2 executor JVMs; real training steps of the default configuration and"
        + " of a 0.5B body (orchestration overhead, learner breakdown); rollout scaling with 1"
        + " and 2 cores and executor JVMs; resident memory over 100 steps.",
        "Writes bench.json and bench.md to --out; about 10 minutes on 2 cores (--quick: about"
        + " 2, a pipeline check whose figures mean little). The 0.5B-body training run and"
        + " publishing need a heap of 7 GiB or more and about 20 GB of memory in all"
        + " (NGRPO_JAVA_OPTS=-Xmx8g); with a smaller heap they are skipped, and said so."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "small shapes and few steps; no 0.5B runs")
  boolean quick;

  @Option(names = "--sections", split = ",", paramLabel = "SECTION",
      description = "sections to run, of publish, decode, pipeline, scaling, memory, lora"
          + " (default:"
          + " all, in that order; the matmul peak always runs)")
  List<String> sections = BenchSuite.SECTIONS;

  @Option(names = "--out", defaultValue = "runs/bench",
      description = "folder for bench.json, bench.md and the runs (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(out);
    BenchSuite.Report report = new BenchSuite(quick, Set.copyOf(sections), out.resolve("runs"),
        System.out::println)
        .run();
    writeJson(out.resolve("bench.json"), report);
    String md = BenchTables.markdown(report);
    Files.writeString(out.resolve("bench.md"), md);
    System.out.println();
    System.out.println(md);
    System.out.println("wrote " + out.resolve("bench.md"));
    return 0;
  }

  /** Writes {@code value} as indented JSON to {@code file}, creating its folder; says so. */
  static void writeJson(Path file, Object value) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
    System.out.println("wrote " + file);
  }
}
