package dev.ngrpo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.lab.bench.MachineInfo;
import dev.ngrpo.lab.bench.ModelBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ngrpo bench-model}: generation and training throughput of the policy model alone. */
@Command(name = "bench-model", mixinStandardHelpOptions = true,
    description = {"Measures the policy model alone: generation tokens/s with and without the KV"
        + " cache at each batch size, and training tokens/s (forward + backward + AdamW), for"
        + " the default small model (d128, 4 layers) and a wide one (d512, 8 layers).",
        "Prints a table; --out also writes the figures as JSON."})
public final class BenchModelCommand implements Callable<Integer> {
  @Option(names = "--repeats", defaultValue = "3", description = "timed runs per figure (median)")
  int repeats;

  @Option(names = "--new-tokens", defaultValue = "64", description = "tokens generated per row")
  int newTokens;

  @Option(names = "--batches", defaultValue = "1,64", split = ",",
      description = "generation batch sizes")
  int[] batches;

  @Option(names = "--out", description = "JSON file to write the figures to")
  Path out;

  @Override
  public Integer call() throws IOException {
    Map<String, String> machine = MachineInfo.describe();
    machine.forEach((k, v) -> System.out.printf("%-14s %s%n", k, v));
    int vocab;
    try (CharTokenizer tokenizer = CharTokenizer.arithmetic()) {
      vocab = tokenizer.vocabSize();
    }
    ModelBenchmark.Result r = new ModelBenchmark(repeats, newTokens, batches)
        .run(ModelBenchmark.defaultShapes(vocab));
    System.out.printf("%n%-16s %6s %9s %12s%n", "model", "batch", "KV cache", "tokens/s");
    for (ModelBenchmark.GenerationFigure f : r.generation()) {
      System.out.printf("%-16s %6d %9s %12.0f%n", f.model(), f.batch(), f.cached() ? "yes" : "no",
          f.tokensPerSecond());
    }
    System.out.printf("%n%-16s %6s %9s %12s%n", "model", "batch", "seq len", "train tok/s");
    for (ModelBenchmark.TrainingFigure f : r.training()) {
      System.out.printf("%-16s %6d %9d %12.0f%n", f.model(), f.batch(), f.sequenceLength(),
          f.tokensPerSecond());
    }
    System.out.println();
    r.cacheSpeedups().forEach(System.out::println);
    if (out != null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("machine", machine);
      json.put("result", r);
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
      System.out.println("wrote " + out);
    }
    return 0;
  }
}
