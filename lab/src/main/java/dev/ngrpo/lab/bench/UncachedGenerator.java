package dev.ngrpo.lab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.ngrpo.core.generate.Decoding;
import dev.ngrpo.core.generate.Generation;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.model.LeftPaddedBatch;
import dev.ngrpo.core.model.PolicyModel;
import java.util.Arrays;
import java.util.List;

/**
 * Sampling without a KV cache, the baseline the cache is measured against: every decode step
 * reruns the full forward pass over the whole sequence so far. Rows sample exactly as
 * {@link Generator}'s do, so both give the same tokens.
 */
public final class UncachedGenerator implements Decoding {
  private final PolicyModel model;
  private final NDManager m;
  private final LeftPaddedBatch batch;
  private final float tau;

  private UncachedGenerator(PolicyModel model, NDManager m, LeftPaddedBatch batch,
      int capacity, float tau) {
    this.model = model;
    this.m = m;
    this.batch = batch;
    this.tau = tau;
  }

  /** {@link Generator#generate}, without the cache. */
  public static List<Generation> generate(PolicyModel model, int[][] prompts, long[] seeds,
      SamplingSettings s) {
    return Generator.generateBatch(model, prompts, seeds, s, UncachedGenerator::new)
        .generations();
  }

  @Override
  public float[] prefill() {
    return Decoding.promptLogProbs(model, m, batch, null, tau);
  }

  /**
   * Ids {@code (B, c)} of prompt and response so far, {@code c = P + column + 1}, under a causal
   * mask {@code (B, 1, 1, c, c)}; hidden {@code (B, c, H)}.
   */
  @Override
  public float[] decode(int[][] tokens, int column) {
    int[][] sofar = new int[tokens.length][];
    for (int i = 0; i < tokens.length; i++) {
      sofar[i] = Arrays.copyOf(tokens[i], column + 1);
    }
    int cols = batch.promptWidth() + column + 1;
    NDArray hidden = model.hidden(batch.ids(m, sofar, column + 1), batch.positions(m, 0, cols),
        batch.causalMask(m, cols), null, 0);
    return Decoding.lastLogProbs(model, hidden, cols, tau);
  }
}
