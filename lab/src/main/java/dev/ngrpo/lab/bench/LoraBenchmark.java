package dev.ngrpo.lab.bench;

import ai.djl.Device;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.weights.WeightsSnapshot;
import dev.ngrpo.lab.experiment.Statistics;
import dev.ngrpo.lab.plan.ResidentMemory;
import dev.ngrpo.learner.step.SupervisedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * LoRA against full fine-tuning on one model shape (random weights), in one JVM: what a learner
 * step costs and holds, what each weights version sends to the executors and costs to publish
 * and load, and how fast an executor decodes with the adapters merged or unmerged.
 *
 * <p>Per variant:
 * <ul>
 *   <li>the learner step ({@link SupervisedStep}: forward, backward, clipping, AdamW over
 *       {@code batch x length} tokens; the policy loss has the same passes), the median of
 *       {@code repeats} timed steps after one untimed, with its phases;</li>
 *   <li>the peak resident memory of the process during those steps above what it held with the
 *       model built: what training adds to the weights (gradients, AdamW's moments, the
 *       passes' tensors); the weights themselves are the parameter count times 4 bytes in both
 *       variants. glibc's allocator keeps freed memory below its mmap threshold for reuse, so
 *       the second variant (full) may reuse the first's without it showing as growth; with
 *       {@code MALLOC_MMAP_THRESHOLD_} set low (131072) every large tensor is its own mapping,
 *       returned when freed, and each variant's figure is its own
 *       ({@link #ownMemoryFigures()});</li>
 *   <li>bytes per version: the snapshot a version publishes ({@link WeightsSnapshot}), the whole
 *       model or the adapters only; publishing is copying the trained tensors to the host and
 *       encoding them, loading is what an executor does per version: decoding and building the
 *       model (full), or the adapters over the frozen model it built once per run, merged into
 *       a working copy or not. The network transfer is not included (the transports are
 *       measured by {@code bin/ngrpo bench}, "Weight publishing"). The share is of the learner
 *       step plus both.</li>
 * </ul>
 * Rollout tokens/s: {@link Generator} with the KV cache, {@code rolloutRows} rows of 8 random
 * prompt tokens and {@code newTokens} sampled tokens each, from the trained adapters merged into
 * a copy and applied unmerged.
 */
public final class LoraBenchmark {
  /** Prompt tokens of each training and rollout row. */
  public static final int PROMPT_TOKENS = TrainingSteps.PROMPT_TOKENS;

  /**
   * One way to train.
   *
   * @param name "full" or "LoRA r..."
   * @param trainedParameters parameters the optimizer updates
   * @param stepSeconds the median learner step
   * @param forwardSeconds its forward
   * @param backwardSeconds its backward
   * @param optimizerSeconds its clipping, AdamW and zeroing
   * @param trainingResidentBytes peak resident memory during the steps above the built model
   * @param bytesPerVersion payload of one published version
   * @param publishSeconds the driver's copy and encoding of one version
   * @param loadSeconds an executor's decoding and building of one version (LoRA: merged into
   *     a working copy, {@code ngrpo.weights.adapters = merged})
   * @param unmergedLoadSeconds LoRA: decoding the adapters and making the view over the frozen
   *     model ({@code unmerged}); the same as {@code loadSeconds} for full fine-tuning
   * @param onceSeconds an executor's load of the frozen model, once per run (0 for full)
   */
  public record Variant(String name, long trainedParameters, double stepSeconds,
      double forwardSeconds, double backwardSeconds, double optimizerSeconds,
      long trainingResidentBytes, long bytesPerVersion, double publishSeconds, double loadSeconds,
      double unmergedLoadSeconds, double onceSeconds) {
    /** Publishing and loading a version (merged) as a share of the step plus both. */
    public double publishShare() {
      return share(loadSeconds);
    }

    /** Publishing and loading a version unmerged as a share of the step plus both. */
    public double unmergedPublishShare() {
      return share(unmergedLoadSeconds);
    }

    private double share(double load) {
      double both = publishSeconds + load;
      return both / (stepSeconds + both);
    }
  }

  /**
   * Decoding speed of one way to apply the adapters.
   *
   * @param name "merged" or "unmerged"
   * @param tokensPerSecond sampled tokens per second, all rows together
   */
  public record Rollout(String name, double tokensPerSecond) {}

  /** The two variants, LoRA's first, and LoRA's rollouts. */
  public record Result(List<Variant> variants, List<Rollout> rollouts) {}

  private final ModelConfig config;
  private final LoraSettings lora;
  private final int batch;
  private final int length;
  private final int repeats;
  private final int rolloutRows;
  private final int newTokens;

  /**
   * @param config the model shape
   * @param lora the adapters of the LoRA variant
   * @param batch training rows per step
   * @param length tokens per training row (8 prompt tokens, the rest response)
   * @param repeats timed learner steps and rollouts (the median is reported)
   * @param rolloutRows rows decoded together
   * @param newTokens tokens sampled per rollout row
   */
  public LoraBenchmark(ModelConfig config, LoraSettings lora, int batch, int length, int repeats,
      int rolloutRows, int newTokens) {
    // before the models are built, not after
    TrainingSteps.requireLength(length);
    this.config = config;
    this.lora = lora;
    this.batch = batch;
    this.length = length;
    this.repeats = repeats;
    this.rolloutRows = rolloutRows;
    this.newTokens = newTokens;
  }

  /** Measures both variants; progress goes to stderr. */
  public Result run() {
    List<Variant> variants = new ArrayList<>();
    List<Rollout> rollouts = new ArrayList<>();
    String name = "LoRA r" + lora.rank();
    System.err.printf("  %s: building %,d parameters and their adapters%n", name,
        config.parameterCount());
    // the frozen model as published once per run (the same weights as each trained model)
    PolicyWeights base;
    try (PolicyModel model = PolicyModel.initialize(config, 1, Device.cpu())) {
      base = WeightsSnapshot.encode(0, model);
    }
    try (PolicyModel model = PolicyModel.initialize(config, 1, Device.cpu()).withLora(lora, 2)) {
      long before = residentBefore();
      double[] step = learnerStep(name, model);
      long peak = ResidentMemory.peak() - before;
      model.setTrainable(false);
      long t0 = System.nanoTime();
      PolicyWeights adapters = WeightsSnapshot.encode(1, lora.toString(),
          model.adapters().toHostTensors());
      double publish = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      try (PolicyModel frozen = WeightsSnapshot.toModel(base, Device.cpu())) {
        double once = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        PolicyModel merged = version(frozen, adapters, true);
        double load = (System.nanoTime() - t2) / 1e9;
        try (merged) {
          rollouts.add(new Rollout("merged", tokensPerSecond("merged", merged)));
        }
        long t3 = System.nanoTime();
        PolicyModel unmerged = version(frozen, adapters, false);
        double unmergedLoad = (System.nanoTime() - t3) / 1e9;
        try (unmerged) {
          rollouts.add(new Rollout("unmerged", tokensPerSecond("unmerged", unmerged)));
        }
        variants.add(new Variant(name, model.trainableShapes().values().stream()
            .mapToLong(s -> s[0] * s[1]).sum(), step[0], step[1], step[2], step[3], peak,
            adapters.payload().remaining(), publish, load, unmergedLoad, once));
      }
    }
    System.err.printf("  full fine-tuning: building %,d parameters%n", config.parameterCount());
    try (PolicyModel model = PolicyModel.initialize(config, 1, Device.cpu())) {
      long before = residentBefore();
      double[] step = learnerStep("full", model);
      long peak = ResidentMemory.peak() - before;
      model.setTrainable(false);
      long t0 = System.nanoTime();
      PolicyWeights weights = WeightsSnapshot.encode(1, model);
      double publish = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      WeightsSnapshot.toModel(weights, Device.cpu()).close();
      double load = (System.nanoTime() - t1) / 1e9;
      variants.add(new Variant("full", config.parameterCount(), step[0], step[1], step[2],
          step[3], peak, weights.payload().remaining(), publish, load, load, 0));
    }
    return new Result(variants, rollouts);
  }

  /**
   * Whether each variant's training memory is its own: glibc's {@code MALLOC_MMAP_THRESHOLD_}
   * is set, so freed tensors go back to the system instead of serving the next variant.
   */
  public static boolean ownMemoryFigures() {
    return System.getenv("MALLOC_MMAP_THRESHOLD_") != null;
  }

  /** Resident memory now, after a collection, as the peak's new start. */
  private static long residentBefore() {
    System.gc();
    ResidentMemory.resetPeak();
    return ResidentMemory.current();
  }

  /** One version as an executor builds it over its frozen model. */
  private PolicyModel version(PolicyModel frozen, PolicyWeights adapters, boolean merged) {
    PolicyModel view = frozen.adaptedView(lora, WeightsSnapshot.decode(adapters).tensors(),
        "adapters v1", null);
    if (!merged) {
      return view;
    }
    try (view) {
      return view.copyTo(Device.cpu());
    }
  }

  /** The median step and its phases: {total, forward, backward, optimizer} seconds. */
  private double[] learnerStep(String name, PolicyModel model) {
    try (TrainingSteps steps = new TrainingSteps(name, model, batch, length)) {
      return steps.median(repeats);
    }
  }

  private double tokensPerSecond(String name, PolicyModel model) {
    SplittableRandom random = new SplittableRandom(7);
    int[][] prompts = new int[rolloutRows][];
    long[] seeds = new long[rolloutRows];
    for (int i = 0; i < rolloutRows; i++) {
      prompts[i] = random.ints(PROMPT_TOKENS, 3, config.vocabSize()).toArray();
      seeds[i] = i;
    }
    // no stop tokens: every row samples exactly newTokens tokens
    SamplingSettings sampling = new SamplingSettings(1f, 1f, 0, newTokens, new int[0]);
    Generator.generate(model, prompts, seeds, new SamplingSettings(1f, 1f, 0, 2, new int[0]));
    double[] seconds = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      seconds[r] = time(() -> Generator.generate(model, prompts, seeds, sampling));
      System.err.printf("  rollout %s %d: %.0f tokens/s%n", name, r + 1,
          rolloutRows * newTokens / seconds[r]);
    }
    return rolloutRows * newTokens / Statistics.median(seconds);
  }

  private static double time(Supplier<?> work) {
    long t0 = System.nanoTime();
    work.get();
    return (System.nanoTime() - t0) / 1e9;
  }
}
