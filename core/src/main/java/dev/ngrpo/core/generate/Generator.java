package dev.ngrpo.core.generate;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.ngrpo.core.model.KvCache;
import dev.ngrpo.core.model.LeftPaddedBatch;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import java.util.List;
import java.util.function.Supplier;

/**
 * Batched autoregressive sampling. All rows advance together: one prefill pass over the
 * left-padded prompts ({@link LeftPaddedBatch}) fills a preallocated {@link KvCache}, then each
 * step feeds one token per row. Per step, the {@code (B, V)} log-probabilities of the
 * temperature-scaled distribution are copied to the host once for the whole batch and each row
 * samples with its own generator, seeded by the caller: a row's tokens depend only on its
 * prompt, its seed and the weights, not on where it sits in the batch (up to floating-point
 * summation order of the batch shape).
 */
public final class Generator {
  private Generator() {}

  /**
   * Samples one response per prompt.
   *
   * @param prompts token ids, one non-empty row per response to sample
   * @param seeds one seed per row
   */
  public static List<Generation> generate(PolicyModel model, int[][] prompts, long[] seeds,
      SamplingSettings s) {
    return generateBatch(model, prompts, seeds, s).generations();
  }

  /** Like {@link #generate}, with where the time went. */
  public static GeneratedBatch generateBatch(PolicyModel model, int[][] prompts, long[] seeds,
      SamplingSettings s) {
    return generateBatch(model, prompts, seeds, s, CachedDecoding::new);
  }

  /**
   * Like {@link #generateBatch(PolicyModel, int[][], long[], SamplingSettings)}, with the
   * forward passes that {@code decoding} opens (benchmarks compare other ways of decoding).
   */
  public static GeneratedBatch generateBatch(PolicyModel model, int[][] prompts, long[] seeds,
      SamplingSettings s, Decoding.Factory decoding) {
    if (seeds.length != prompts.length) {
      throw new IllegalArgumentException(
          prompts.length + " prompts but " + seeds.length + " seeds");
    }
    LeftPaddedBatch batch = new LeftPaddedBatch(prompts);
    int capacity = capacity(model.config(), batch, s);
    float tau = s.temperature() == 0f ? 1f : s.temperature();
    SampledRows rows = new SampledRows(seeds, s, model.config().vocabSize());
    long prefillNanos;
    long decodeNanos = 0;
    long samplingNanos = 0;
    int steps = 0;
    try (NDScope call = new NDScope(); NDManager m = model.manager().newSubManager()) {
      call.suppressNotUsedWarning();
      long start = System.nanoTime();
      Decoding passes = decoding.open(model, m, batch, capacity, tau);
      float[] logp = inStepScope(passes::prefill);
      prefillNanos = System.nanoTime() - start;
      for (int t = 0; ; t++) {
        long sampleStart = System.nanoTime();
        boolean active = rows.sample(logp, t);
        long forwardStart = System.nanoTime();
        samplingNanos += forwardStart - sampleStart;
        if (!active) {
          break;
        }
        int column = t;
        logp = inStepScope(() -> passes.decode(rows.tokens(), column));
        decodeNanos += System.nanoTime() - forwardStart;
        steps++;
      }
    }
    return new GeneratedBatch(rows.generations(), prompts.length, batch.promptWidth(),
        prefillNanos, steps, decodeNanos, samplingNanos);
  }

  /** The longest sequence of the call, checked against {@code max_position_embeddings}. */
  private static int capacity(ModelConfig c, LeftPaddedBatch batch, SamplingSettings s) {
    int p = batch.promptWidth();
    int capacity = p + s.maxNewTokens();
    if (capacity > c.maxPositionEmbeddings()) {
      throw new IllegalArgumentException("longest prompt (" + p + " tokens) + max new tokens ("
          + s.maxNewTokens() + ") exceeds max_position_embeddings = "
          + c.maxPositionEmbeddings());
    }
    return capacity;
  }

  /** Runs one forward pass in its own scope, which frees its intermediates. */
  private static float[] inStepScope(Supplier<float[]> pass) {
    try (NDScope step = new NDScope()) {
      step.suppressNotUsedWarning();
      return pass.get();
    }
  }
}
