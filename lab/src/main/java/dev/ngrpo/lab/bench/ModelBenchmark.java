package dev.ngrpo.lab.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.lab.experiment.Statistics;
import dev.ngrpo.learner.step.SupervisedStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Throughput of the policy model alone: batched generation with and without the KV cache
 * (and with it from a copy with float16 frozen matrices, {@code ngrpo.model.frozen-dtype}), and
 * a training step (forward, backward, clipping, AdamW: {@link SupervisedStep}) split into its
 * phases. Figures are medians over repeated runs after a warm-up run; the machine and thread
 * settings are printed with them. With a profile folder, one more training step of each shape
 * runs under the PyTorch profiler ({@link TrainingProfile}).
 */
public final class ModelBenchmark {
  /** Tokens in a benchmark prompt (the length of an arithmetic prompt such as "123+456="). */
  static final int PROMPT_TOKENS = TrainingSteps.PROMPT_TOKENS;

  /**
   * A model shape to measure.
   *
   * @param id short name to select it by ({@code default}, {@code wide}, {@code qwen2.5-0.5b})
   * @param name label in the report
   * @param config the architecture (random weights)
   * @param generation also measure generation; off for shapes whose uncached generation would
   *     take hours (the 0.5B shape's decoding is measured by {@code ngrpo bench})
   */
  public record ModelShape(String id, String name, ModelConfig config, boolean generation) {}

  /**
   * One generation figure.
   *
   * @param model shape name
   * @param batch rows generated together
   * @param cached KV cache on
   * @param newTokens tokens generated per row
   * @param tokensPerSecond generated tokens per second, all rows together
   */
  public record GenerationFigure(String model, int batch, boolean cached, int newTokens,
      double tokensPerSecond) {}

  /**
   * One training figure: the step whose time is the median of the timed steps (the upper one
   * of an even count), with its phases; the rest of a step (freeing the step's tensors) is the
   * step less its phases.
   *
   * @param model shape name
   * @param batch sequences per step
   * @param sequenceLength tokens per sequence (prompt + response)
   * @param tokensPerSecond sequence tokens processed per second by forward + backward + AdamW
   * @param stepSeconds a whole step
   * @param forwardSeconds scoring the sequences and the loss
   * @param backwardSeconds back-propagation
   * @param optimizerSeconds gradient clipping, AdamW and zeroing the gradients
   * @param profile the profiled step by phase and operator; empty without a profile folder
   */
  public record TrainingFigure(String model, int batch, int sequenceLength,
      double tokensPerSecond, double stepSeconds, double forwardSeconds, double backwardSeconds,
      double optimizerSeconds, List<TrainingProfile.Phase> profile) {}

  /**
   * All figures of one run.
   *
   * @param generation generation figures
   * @param training training figures
   * @param cacheSpeedups cached over uncached tokens/s at the largest batch, per model
   */
  public record Result(List<GenerationFigure> generation, List<TrainingFigure> training,
      List<String> cacheSpeedups) {}

  /** Operators listed per phase of a profiled step. */
  static final int PROFILE_TOP_OPERATORS = 12;

  private final int repeats;
  private final int newTokens;
  private final int[] batches;
  private final Path profileFolder;

  /**
   * @param repeats timed runs per figure (the median is reported); uncached generation at the
   *     largest batch runs once, since a single run takes minutes on a wide model
   * @param newTokens tokens generated per row
   * @param profileFolder where to write the profiler trace of one training step per shape, or
   *     null for no profile
   * @param batches batch sizes to measure generation at
   */
  public ModelBenchmark(int repeats, int newTokens, Path profileFolder, int... batches) {
    this.repeats = repeats;
    this.newTokens = newTokens;
    this.profileFolder = profileFolder;
    this.batches = batches.clone();
  }

  /**
   * The shapes of issue 2, the default small model and a wider one over the arithmetic task's
   * character vocabulary;
   * and (issue 21) Qwen2.5-0.5B with its own vocabulary of 151,936 tokens and tied embeddings,
   * for training only, where the LM head over the whole vocabulary and the tied embedding's
   * gradient weigh on the step.
   */
  public static List<ModelShape> defaultShapes() {
    int vocab;
    try (CharTokenizer tokenizer = CharTokenizer.arithmetic()) {
      vocab = tokenizer.vocabSize();
    }
    return List.of(
        new ModelShape("default", "default d128x4",
            ModelConfig.llama(vocab, 128, 384, 4, 4, 2, 256, false), true),
        new ModelShape("wide", "wide d512x8",
            ModelConfig.llama(vocab, 512, 1536, 8, 8, 2, 256, false), true),
        new ModelShape("qwen2.5-0.5b", "Qwen2.5-0.5B", DecodeBenchmark.qwen05b(), false));
  }

  /**
   * The shape of {@link #defaultShapes()} with id {@code id}.
   *
   * @param option the command-line option that named it, for the message
   * @throws IllegalArgumentException naming {@code id}, {@code option} and the known ids
   */
  public static ModelShape shape(String id, String option) {
    List<ModelShape> known = defaultShapes();
    return known.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown shape '" + id + "' in "
            + option + "; known: " + String.join(", ",
                known.stream().map(ModelShape::id).toList())));
  }

  /** Measures every shape; progress goes to stderr. */
  public Result run(List<ModelShape> shapes) throws IOException {
    List<GenerationFigure> gen = new ArrayList<>();
    List<TrainingFigure> train = new ArrayList<>();
    List<String> speedups = new ArrayList<>();
    for (ModelShape shape : shapes) {
      System.err.printf("  %s: initializing %,d parameters%n", shape.name(),
          shape.config().parameterCount());
      try (PolicyModel model = PolicyModel.initialize(shape.config(), 1, Device.cpu())) {
        if (shape.generation()) {
          generationFigures(shape, model, gen, speedups);
        }
        model.setTrainable(true);
        TrainingFigure t = training(shape, model, 16, 64);
        System.err.printf("  %s training: %.0f tokens/s (forward %.2f s, backward %.2f s,"
            + " optimizer %.2f s)%n", shape.name(), t.tokensPerSecond(), t.forwardSeconds(),
            t.backwardSeconds(), t.optimizerSeconds());
        train.add(t);
      }
    }
    return new Result(gen, train, speedups);
  }

  private void generationFigures(ModelShape shape, PolicyModel model, List<GenerationFigure> gen,
      List<String> speedups) {
    for (int batch : batches) {
      for (boolean cached : new boolean[] {true, false}) {
        GenerationFigure f = generation(shape.name(), model, batch, cached);
        System.err.printf("  %s batch %d %s: %.0f tokens/s%n", shape.name(), batch,
            cached ? "KV cache" : "no cache", f.tokensPerSecond());
        gen.add(f);
      }
    }
    int largest = Arrays.stream(batches).max().orElseThrow();
    double withCache = find(gen, shape.name(), largest, true);
    double without = find(gen, shape.name(), largest, false);
    speedups.add(String.format("%s: KV cache %.1fx faster than no cache at batch %d",
        shape.name(), withCache / without, largest));
    // ngrpo.model.frozen-dtype: the same weights with float16 matrices, as a rollout copy
    String half = shape.name() + " f16";
    try (PolicyModel copy = model.copyTo(model.device()).frozenIn(DataType.FLOAT16)) {
      for (int batch : batches) {
        GenerationFigure f = generation(half, copy, batch, true);
        System.err.printf("  %s batch %d KV cache: %.0f tokens/s%n", half, batch,
            f.tokensPerSecond());
        gen.add(f);
      }
    }
    speedups.add(String.format("%s: float16 frozen matrices give %.3fx the float32 tokens/s at"
        + " batch %d (KV cache)", shape.name(), find(gen, half, largest, true) / withCache,
        largest));
  }

  private static double find(List<GenerationFigure> figures, String model, int batch,
      boolean cached) {
    return figures.stream()
        .filter(f -> f.model().equals(model) && f.batch() == batch && f.cached() == cached)
        .findFirst().orElseThrow().tokensPerSecond();
  }

  private GenerationFigure generation(String name, PolicyModel model, int batch, boolean cached) {
    int vocab = model.config().vocabSize();
    int[][] prompts = new int[batch][];
    long[] seeds = new long[batch];
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < batch; i++) {
      prompts[i] = random.ints(PROMPT_TOKENS, 3, vocab).toArray();
      seeds[i] = i;
    }
    // No stop tokens: every row generates exactly newTokens tokens.
    SamplingSettings sampling = new SamplingSettings(1f, 1f, 0, newTokens, new int[0]);
    boolean slow = !cached && batch > 1;
    SamplingSettings warmup = new SamplingSettings(1f, 1f, 0, slow ? 4 : newTokens, new int[0]);
    generate(model, prompts, seeds, warmup, cached);
    double seconds = median(slow ? 1 : repeats, () -> {
      long t0 = System.nanoTime();
      generate(model, prompts, seeds, sampling, cached);
      return (System.nanoTime() - t0) / 1e9;
    });
    return new GenerationFigure(name, batch, cached, newTokens, batch * newTokens / seconds);
  }

  private static void generate(PolicyModel model, int[][] prompts, long[] seeds,
      SamplingSettings sampling, boolean cached) {
    if (cached) {
      Generator.generate(model, prompts, seeds, sampling);
    } else {
      UncachedGenerator.generate(model, prompts, seeds, sampling);
    }
  }

  private TrainingFigure training(ModelShape shape, PolicyModel model, int batch, int length)
      throws IOException {
    try (TrainingSteps steps = new TrainingSteps(shape.name(), model, batch, length)) {
      double[] median = steps.median(repeats);
      List<TrainingProfile.Phase> profile = List.of();
      if (profileFolder != null) {
        Path trace = profileFolder.resolve(shape.id() + "-training-step.json");
        System.err.printf("  %s: profiling one more training step into %s%n", shape.name(),
            trace);
        profile = TrainingProfile.record(steps::step, trace, PROFILE_TOP_OPERATORS);
      }
      return new TrainingFigure(shape.name(), batch, length, batch * length / median[0],
          median[0], median[1], median[2], median[3], profile);
    }
  }

  private static double median(int n, DoubleSupplier run) {
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = run.getAsDouble();
    }
    return Statistics.median(t);
  }
}
