package dev.ngrpo.cli;

import dev.ngrpo.lab.bench.MachineInfo;
import dev.ngrpo.lab.bench.ModelBenchmark;
import dev.ngrpo.lab.bench.TrainingProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ngrpo bench-model}: generation and training throughput of the policy model alone. */
@Command(name = "bench-model", mixinStandardHelpOptions = true,
    description = {"Measures the policy model alone: generation tokens/s with and without the KV"
        + " cache at each batch size, and training tokens/s (forward + backward + AdamW, each"
        + " phase timed), for the default small model (d128, 4 layers), a wide one (d512,"
        + " 8 layers) and, training only, Qwen2.5-0.5B with its 151,936-token vocabulary.",
        "Prints a table; --out also writes the figures as JSON; --profile also profiles one"
        + " training step per shape with libtorch's profiler."})
public final class BenchModelCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--repeats", defaultValue = "3", description = "timed runs per figure (median)")
  int repeats;

  @Option(names = "--new-tokens", defaultValue = "64", description = "tokens generated per row")
  int newTokens;

  @Option(names = "--batches", defaultValue = "1,64", split = ",",
      description = "generation batch sizes")
  int[] batches;

  @Option(names = "--shapes", defaultValue = "default,wide,qwen2.5-0.5b", split = ",",
      description = "shapes to measure, of default, wide, qwen2.5-0.5b (default: all)")
  List<String> shapes;

  @Option(names = "--out", description = "JSON file to write the figures to")
  Path out;

  @Option(names = "--profile", paramLabel = "FOLDER",
      description = "profile one more training step per shape: the trace goes to"
          + " FOLDER/<shape>-training-step.json, the busiest operators of each phase are printed")
  Path profile;

  @Override
  public Integer call() throws IOException {
    List<ModelBenchmark.ModelShape> selected = select();
    Map<String, String> machine = MachineInfo.describe();
    machine.forEach((k, v) -> System.out.printf("%-14s %s%n", k, v));
    ModelBenchmark.Result r = new ModelBenchmark(repeats, newTokens, profile, batches)
        .run(selected);
    System.out.printf("%n%-20s %6s %9s %12s%n", "model", "batch", "KV cache", "tokens/s");
    for (ModelBenchmark.GenerationFigure f : r.generation()) {
      System.out.printf("%-20s %6d %9s %12.0f%n", f.model(), f.batch(), f.cached() ? "yes" : "no",
          f.tokensPerSecond());
    }
    System.out.printf("%n%-16s %6s %8s %12s %7s %9s %10s %11s %10s %10s%n", "model", "batch",
        "seq len", "train tok/s", "step s", "forward s", "backward s", "optimizer s",
        "bwd / fwd", "optimizer");
    for (ModelBenchmark.TrainingFigure f : r.training()) {
      System.out.printf("%-16s %6d %8d %12.0f %7.2f %9.2f %10.2f %11.2f %9.2fx %9.1f%%%n",
          f.model(), f.batch(), f.sequenceLength(), f.tokensPerSecond(), f.stepSeconds(),
          f.forwardSeconds(), f.backwardSeconds(), f.optimizerSeconds(),
          f.backwardSeconds() / f.forwardSeconds(), 100 * f.optimizerSeconds() / f.stepSeconds());
    }
    for (ModelBenchmark.TrainingFigure f : r.training()) {
      printProfile(f);
    }
    System.out.println();
    r.cacheSpeedups().forEach(System.out::println);
    if (out != null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("machine", machine);
      json.put("result", r);
      BenchCommand.writeJson(out, json);
    }
    return 0;
  }

  private List<ModelBenchmark.ModelShape> select() {
    List<ModelBenchmark.ModelShape> selected = new ArrayList<>();
    for (String id : shapes) {
      try {
        selected.add(ModelBenchmark.shape(id.trim(), "--shapes"));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    return selected;
  }

  private static void printProfile(ModelBenchmark.TrainingFigure f) {
    for (TrainingProfile.Phase phase : f.profile()) {
      System.out.printf("%n%s, profiled step, %s: %.2f s (self time of every operator call)%n",
          f.model(), phase.name(), phase.seconds());
      for (TrainingProfile.OperatorTime op : phase.top()) {
        System.out.printf("  %8.3f s %6d x  %s %s%n", op.seconds(), op.calls(), op.op(),
            op.shapes());
      }
    }
  }
}
