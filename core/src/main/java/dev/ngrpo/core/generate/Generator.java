package dev.ngrpo.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.ngrpo.core.model.KvCache;
import dev.ngrpo.core.model.LeftPaddedBatch;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.Scalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batched autoregressive sampling. All rows advance together: one prefill pass over the
 * left-padded prompts ({@link LeftPaddedBatch}) fills a preallocated {@link KvCache}, then each
 * step feeds one token per row. Per step, the {@code (B, V)} log-probabilities of the
 * temperature-scaled distribution are copied to the host once for the whole batch and each row
 * samples with its own generator, seeded by the caller: a row's tokens depend only on its
 * prompt, its seed and the weights, not on where it sits in the batch (up to floating-point
 * summation order of the batch shape).
 *
 * <p>Without the cache ({@code useCache = false}, for benchmarks and tests) every step reruns
 * the full forward pass over the whole sequence so far.
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
      SamplingSettings s, boolean useCache) {
    return generateBatch(model, prompts, seeds, s, useCache).generations();
  }

  /** Like {@link #generate}, with where the time went. */
  public static GeneratedBatch generateBatch(PolicyModel model, int[][] prompts, long[] seeds,
      SamplingSettings s, boolean useCache) {
    if (seeds.length != prompts.length) {
      throw new IllegalArgumentException(
          prompts.length + " prompts but " + seeds.length + " seeds");
    }
    ModelConfig c = model.config();
    LeftPaddedBatch batch = new LeftPaddedBatch(prompts);
    int b = prompts.length;
    int p = batch.promptWidth();
    int capacity = p + s.maxNewTokens();
    if (capacity > c.maxPositionEmbeddings()) {
      throw new IllegalArgumentException("longest prompt (" + p + " tokens) + max new tokens ("
          + s.maxNewTokens() + ") exceeds max_position_embeddings = "
          + c.maxPositionEmbeddings());
    }
    boolean greedy = s.temperature() == 0f;
    float tau = greedy ? 1f : s.temperature();
    int vocab = c.vocabSize();
    SplittableRandom[] random = new SplittableRandom[b];
    for (int i = 0; i < b; i++) {
      random[i] = new SplittableRandom(seeds[i]);
    }
    int[][] tokens = new int[b][s.maxNewTokens()];
    float[][] logProbs = new float[b][s.maxNewTokens()];
    int[] length = new int[b];
    boolean[] stopped = new boolean[b];
    boolean[] done = new boolean[b];

    long prefillNanos;
    long decodeNanos = 0;
    long samplingNanos = 0;
    int steps = 0;
    try (NDScope call = new NDScope(); NDManager m = model.manager().newSubManager()) {
      call.suppressNotUsedWarning();
      long start = System.nanoTime();
      KvCache cache = useCache ? KvCache.allocate(m, c, b, capacity) : null;
      NDArray keyMask = useCache ? batch.keyMask(m, capacity) : null;
      float[] logp;
      try (NDScope step = new NDScope()) {
        step.suppressNotUsedWarning();
        NDArray hidden = model.hidden(batch.ids(m, null, 0), batch.positions(m, 0, p),
            batch.causalMask(m, p), cache, 0);
        logp = lastLogProbs(model, hidden, p, tau);
      }
      prefillNanos = System.nanoTime() - start;
      for (int t = 0; ; t++) {
        long sampleStart = System.nanoTime();
        long[] next = new long[b];
        boolean active = false;
        for (int i = 0; i < b; i++) {
          if (done[i]) {
            continue;
          }
          int token = TokenSampler.sample(logp, i * vocab, vocab, s, greedy, random[i]);
          tokens[i][t] = token;
          logProbs[i][t] = logp[i * vocab + token];
          length[i]++;
          next[i] = token;
          stopped[i] = s.isStop(token);
          done[i] = stopped[i] || length[i] == s.maxNewTokens();
          active |= !done[i];
        }
        long forwardStart = System.nanoTime();
        samplingNanos += forwardStart - sampleStart;
        if (!active) {
          break;
        }
        int col = p + t;
        try (NDScope step = new NDScope()) {
          step.suppressNotUsedWarning();
          NDArray hidden;
          if (useCache) {
            hidden = model.hidden(m.create(next, new Shape(b, 1)),
                batch.positions(m, col, col + 1),
                keyMask.get(new NDIndex(":, :, :, :, :{}", col + 1)), cache, col);
            logp = lastLogProbs(model, hidden, 1, tau);
          } else {
            int[][] sofar = new int[b][];
            for (int i = 0; i < b; i++) {
              sofar[i] = Arrays.copyOf(tokens[i], t + 1);
            }
            hidden = model.hidden(batch.ids(m, sofar, t + 1), batch.positions(m, 0, col + 1),
                batch.causalMask(m, col + 1), null, 0);
            logp = lastLogProbs(model, hidden, col + 1, tau);
          }
        }
        decodeNanos += System.nanoTime() - forwardStart;
        steps++;
      }
    }
    List<Generation> out = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      out.add(new Generation(Arrays.copyOf(tokens[i], length[i]),
          Arrays.copyOf(logProbs[i], length[i]), !stopped[i]));
    }
    return new GeneratedBatch(out, b, p, prefillNanos, steps, decodeNanos, samplingNanos);
  }

  /** Host copy of {@code log_softmax(logits(last column) / tau)}, {@code B * V} floats. */
  private static float[] lastLogProbs(PolicyModel model, NDArray hidden, int columns, float tau) {
    NDArray last = hidden.get(new NDIndex(":, {}:, :", columns - 1));
    NDArray logits = model.logits(last);
    return (tau == 1f ? logits : logits.div(Scalars.of(logits, tau))).logSoftmax(-1).toFloatArray();
  }
}
