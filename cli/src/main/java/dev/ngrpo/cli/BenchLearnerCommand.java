package dev.ngrpo.cli;

import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.lab.bench.LearnerBenchmark;
import dev.ngrpo.lab.bench.LoraBenchmark;
import dev.ngrpo.lab.bench.MachineInfo;
import dev.ngrpo.lab.bench.ModelBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ngrpo bench-learner}: the learner step of whole presets, PPO's critic apart. */
@Command(name = "bench-learner", mixinStandardHelpOptions = true,
    description = {"Measures the learner step of each preset on one model shape with random"
        + " weights and fixed random rollout groups, in one JVM: the median of --repeats steps"
        + " after --warmup untimed ones, split into recomputing the old log-probs, the policy's"
        + " forward, backward and optimizer, and PPO's critic (its values, targets and"
        + " updates), with the critic's share of the step and the process's peak resident memory.",
        "Prints a table; progress goes to stderr."})
public final class BenchLearnerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--shape", defaultValue = "default",
      description = "model shape, one of default, wide, qwen2.5-0.5b (default: ${DEFAULT-VALUE})")
  String shape;

  @Option(names = "--presets", defaultValue = "ngrpo,ppo", split = ",",
      description = "presets to measure, in order (default: ${DEFAULT-VALUE})")
  List<String> presets;

  @Option(names = "--lora-rank", defaultValue = "0",
      description = "LoRA rank of the policy's adapters on all seven projections (alpha = 2 x"
          + " rank); 0 = full fine-tuning (default: ${DEFAULT-VALUE})")
  int loraRank;

  @Option(names = "--groups", defaultValue = "8", description = "rollout groups per step")
  int groups;

  @Option(names = "--group-size", defaultValue = "4",
      description = "responses per group, at least 2 (rewards alternate 1, 0)")
  int groupSize;

  @Option(names = "--length", defaultValue = "64",
      description = "tokens per row, " + LearnerBenchmark.PROMPT_TOKENS + " of them prompt")
  int length;

  @Option(names = "--mini-batches", defaultValue = "1",
      description = "optimizer updates per step (ngrpo.learner.mini-batches)")
  int miniBatches;

  @Option(names = "--warmup", defaultValue = "1",
      description = "untimed steps per preset before the timed ones (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--repeats", defaultValue = "3",
      description = "timed steps per preset after the warm-up (median; default: ${DEFAULT-VALUE})")
  int repeats;

  @Override
  public Integer call() {
    ModelBenchmark.ModelShape selected;
    try {
      selected = ModelBenchmark.shape(shape, "--shape");
      LearnerBenchmark.requirePresets(presets, "--presets");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (Math.min(Math.min(groups, miniBatches), Math.min(warmup, repeats)) < 1 || groupSize < 2
        || loraRank < 0) {
      throw new ParameterException(spec.commandLine(), "--groups, --mini-batches, --warmup and"
          + " --repeats must each be at least 1, --group-size at least 2 and --lora-rank at"
          + " least 0");
    }
    if (length <= LearnerBenchmark.PROMPT_TOKENS
        || length > selected.config().maxPositionEmbeddings()) {
      throw new ParameterException(spec.commandLine(), "--length must exceed the "
          + LearnerBenchmark.PROMPT_TOKENS + " prompt tokens and be at most the shape's "
          + selected.config().maxPositionEmbeddings() + " positions, got " + length);
    }
    MachineInfo.describe().forEach((k, v) -> System.out.printf("%-14s %s%n", k, v));
    LoraSettings lora = loraRank == 0 ? null
        : new LoraSettings(loraRank, 2 * loraRank, LoraSettings.MODULES);
    List<LearnerBenchmark.Split> splits = new LearnerBenchmark(selected.config(), lora,
        presets, new LearnerBenchmark.StepShape(groups, groupSize, length, miniBatches), warmup,
        repeats).run();
    System.out.printf("%n%s, %s, %d groups x %d responses of %d tokens (%d prompt), %d"
        + " mini-batch(es), median of %d steps after %d untimed%n", selected.name(),
        lora == null ? "full fine-tuning" : "LoRA r" + loraRank, groups, groupSize, length,
        LearnerBenchmark.PROMPT_TOKENS, miniBatches, repeats, warmup);
    System.out.printf("%-12s %14s %14s %8s %11s %9s %10s %11s %8s %7s %12s %9s %13s%n",
        "preset", "policy trained", "critic trained", "learn s", "recompute s", "forward s",
        "backward s", "optimizer s", "critic s", "other s", "critic share", "peak MiB",
        "others' cores");
    for (LearnerBenchmark.Split s : splits) {
      System.out.printf("%-12s %,14d %14s %8.3f %11.3f %9.3f %10.3f %11.3f %8s %7.3f %12s"
          + " %,9d %13.2f%n", s.preset(), s.policyParameters(),
          s.hasCritic() ? String.format("%,d", s.criticParameters()) : "-", s.learnSeconds(),
          s.recomputeSeconds(), s.forwardSeconds(), s.backwardSeconds(), s.optimizerSeconds(),
          s.hasCritic() ? String.format("%.3f", s.criticSeconds()) : "-", s.otherSeconds(),
          s.hasCritic() ? String.format("%.1f%%", 100 * s.criticShare()) : "-",
          s.peakResidentMib(), s.othersCores());
    }
    System.out.println("critic: its values before the updates, GAE targets, and its forward,"
        + " backward and AdamW per mini-batch; other: filtering, advantages, host copies;"
        + " others' cores: CPU the machine's other processes used during the timed steps");
    if (!LoraBenchmark.ownMemoryFigures() && splits.size() > 1) {
      System.out.println("peak MiB of a later preset is at least what the allocator kept of an"
          + " earlier one's; set MALLOC_MMAP_THRESHOLD_=131072 for figures each preset owns");
    }
    return 0;
  }
}
