package dev.ngrpo.lab.bench;

import ai.djl.Device;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.lab.experiment.Statistics;
import dev.ngrpo.learner.step.SupervisedStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Throughput of the policy model alone: batched generation with and without the KV cache, and
 * a training step (forward, backward, clipping, AdamW: {@link SupervisedStep}). Figures are
 * medians over repeated runs after a warm-up run; the machine and thread settings are printed
 * with them.
 */
public final class ModelBenchmark {
  /** Tokens in a benchmark prompt (the length of an arithmetic prompt such as "123+456="). */
  static final int PROMPT_TOKENS = 8;

  /**
   * A model shape to measure.
   *
   * @param name label in the report
   * @param config the architecture (random weights)
   */
  public record ModelShape(String name, ModelConfig config) {}

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
   * One training figure.
   *
   * @param model shape name
   * @param batch sequences per step
   * @param sequenceLength tokens per sequence (prompt + response)
   * @param tokensPerSecond sequence tokens processed per second by forward + backward + AdamW
   */
  public record TrainingFigure(String model, int batch, int sequenceLength,
      double tokensPerSecond) {}

  /**
   * All figures of one run.
   *
   * @param generation generation figures
   * @param training training figures
   * @param cacheSpeedups cached over uncached tokens/s at the largest batch, per model
   */
  public record Result(List<GenerationFigure> generation, List<TrainingFigure> training,
      List<String> cacheSpeedups) {}

  private final int repeats;
  private final int newTokens;
  private final int[] batches;

  /**
   * @param repeats timed runs per figure (the median is reported); uncached generation at the
   *     largest batch runs once, since a single run takes minutes on a wide model
   * @param newTokens tokens generated per row
   * @param batches batch sizes to measure generation at
   */
  public ModelBenchmark(int repeats, int newTokens, int... batches) {
    this.repeats = repeats;
    this.newTokens = newTokens;
    this.batches = batches.clone();
  }

  /** The shapes of issue 2: the default small model and a wider one, both over the char vocabulary. */
  public static List<ModelShape> defaultShapes(int vocab) {
    return List.of(
        new ModelShape("default d128x4", ModelConfig.llama(vocab, 128, 384, 4, 4, 2, 256, false)),
        new ModelShape("wide d512x8", ModelConfig.llama(vocab, 512, 1536, 8, 8, 2, 256, false)));
  }

  /** Measures every shape; progress goes to stderr. */
  public Result run(List<ModelShape> shapes) {
    List<GenerationFigure> gen = new ArrayList<>();
    List<TrainingFigure> train = new ArrayList<>();
    List<String> speedups = new ArrayList<>();
    for (ModelShape shape : shapes) {
      try (PolicyModel model = PolicyModel.initialize(shape.config(), 1, Device.cpu())) {
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
        model.setTrainable(true);
        TrainingFigure t = training(shape.name(), model, 16, 64);
        System.err.printf("  %s training: %.0f tokens/s%n", shape.name(), t.tokensPerSecond());
        train.add(t);
      }
    }
    return new Result(gen, train, speedups);
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

  private TrainingFigure training(String name, PolicyModel model, int batch, int length) {
    int vocab = model.config().vocabSize();
    SplittableRandom random = new SplittableRandom(11);
    int[][] prompts = new int[batch][];
    int[][] responses = new int[batch][];
    for (int i = 0; i < batch; i++) {
      prompts[i] = random.ints(PROMPT_TOKENS, 3, vocab).toArray();
      responses[i] = random.ints(length - PROMPT_TOKENS, 3, vocab).toArray();
    }
    try (SupervisedStep sft = new SupervisedStep(model, new AdamW(0.9, 0.999, 1e-8, 0.01),
        update -> 1e-4, 1.0)) {
      Runnable step = () -> sft.step(prompts, responses);
      step.run();
      double seconds = median(repeats, () -> {
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e9;
      });
      return new TrainingFigure(name, batch, length, batch * length / seconds);
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
