package dev.ngrpo.cli;

import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.lab.bench.LoraBenchmark;
import dev.ngrpo.lab.bench.MachineInfo;
import dev.ngrpo.lab.bench.ModelBenchmark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ngrpo bench-lora}: LoRA against full fine-tuning on one model shape. */
@Command(name = "bench-lora", mixinStandardHelpOptions = true,
    description = {"Measures LoRA (rank --rank on all seven projections) against full"
        + " fine-tuning on one model shape with random weights (default: Qwen2.5-0.5B with its"
        + " 151,936-token vocabulary), in one JVM: the learner step split into forward, backward"
        + " and optimizer, the resident memory training adds, the bytes each weights version"
        + " publishes, publishing and loading a version as a share of the step, and rollout"
        + " tokens/s with the adapters merged and unmerged.",
        "Prints a table; --out also writes the figures as JSON."})
public final class BenchLoraCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--shape", defaultValue = "qwen2.5-0.5b",
      description = "model shape, one of default, wide, qwen2.5-0.5b (default: ${DEFAULT-VALUE})")
  String shape;

  @Option(names = "--rank", defaultValue = "16", description = "LoRA rank (alpha = 2 x rank)")
  int rank;

  @Option(names = "--batch", defaultValue = "16", description = "training rows per step")
  int batch;

  @Option(names = "--length", defaultValue = "64",
      description = "tokens per training row, 8 of them prompt")
  int length;

  @Option(names = "--repeats", defaultValue = "3",
      description = "timed learner steps and rollouts (median)")
  int repeats;

  @Option(names = "--rollout-rows", defaultValue = "16", description = "rows decoded together")
  int rolloutRows;

  @Option(names = "--new-tokens", defaultValue = "32", description = "tokens sampled per row")
  int newTokens;

  @Option(names = "--out", description = "JSON file to write the figures to")
  Path out;

  @Override
  public Integer call() throws IOException {
    ModelBenchmark.ModelShape selected;
    try {
      selected = ModelBenchmark.shape(shape, "--shape");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (Math.min(Math.min(rank, batch), Math.min(repeats, Math.min(rolloutRows, newTokens)))
        < 1) {
      throw new ParameterException(spec.commandLine(), "--rank, --batch, --repeats,"
          + " --rollout-rows and --new-tokens must each be at least 1");
    }
    if (length <= LoraBenchmark.PROMPT_TOKENS) {
      throw new ParameterException(spec.commandLine(), "--length must exceed the "
          + LoraBenchmark.PROMPT_TOKENS + " prompt tokens, got " + length);
    }
    Map<String, String> machine = MachineInfo.describe();
    machine.forEach((k, v) -> System.out.printf("%-14s %s%n", k, v));
    LoraSettings lora = new LoraSettings(rank, 2 * rank, LoraSettings.MODULES);
    LoraBenchmark.Result r = new LoraBenchmark(selected.config(), lora, batch, length, repeats,
        rolloutRows, newTokens).run();
    System.out.printf("%n%s, %d rows x %d tokens per learner step%n", selected.name(), batch,
        length);
    System.out.printf("%-10s %14s %7s %9s %10s %11s %13s %12s %10s %9s %8s %8s %8s%n",
        "variant", "trained", "step s", "forward s", "backward s", "optimizer s",
        "training MiB", "per version", "publish s", "load s", "share", "unmerged", "once s");
    for (LoraBenchmark.Variant v : r.variants()) {
      System.out.printf("%-10s %,14d %7.2f %9.2f %10.2f %11.2f %,13d %12s %10.3f %9.3f %7.2f%%"
          + " %7.2f%% %8.2f%n", v.name(), v.trainedParameters(), v.stepSeconds(),
          v.forwardSeconds(), v.backwardSeconds(), v.optimizerSeconds(),
          v.trainingResidentBytes() >> 20, String.format("%.1f MB", v.bytesPerVersion() / 1e6),
          v.publishSeconds(), v.loadSeconds(), 100 * v.publishShare(),
          100 * v.unmergedPublishShare(), v.onceSeconds());
    }
    System.out.println("share: publishing + loading a version against the step plus both"
        + " (load merged; unmerged: the adapters as a view)");
    if (!LoraBenchmark.ownMemoryFigures()) {
      System.out.println("training MiB of the second variant may be under-counted: the"
          + " allocator kept the first's freed memory; set MALLOC_MMAP_THRESHOLD_=131072 for"
          + " figures each variant owns");
    }
    System.out.printf("%nrollouts, %d rows x %d sampled tokens, KV cache%n", rolloutRows,
        newTokens);
    for (LoraBenchmark.Rollout ro : r.rollouts()) {
      System.out.printf("%-10s %10.0f tokens/s%n", ro.name(), ro.tokensPerSecond());
    }
    if (out != null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("machine", machine);
      json.put("shape", selected.name());
      json.put("result", r);
      BenchCommand.writeJson(out, json);
    }
    return 0;
  }
}
