package dev.ngrpo.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.ngrpo.core.model.KvCache;
import dev.ngrpo.core.model.LeftPaddedBatch;
import dev.ngrpo.core.model.PolicyModel;

/**
 * Decoding with a preallocated {@link KvCache}: the prefill writes the prompts' keys and values
 * into columns {@code [0, P)}, and each decode step feeds one token per row and writes one column.
 */
final class CachedDecoding implements Decoding {
  private final PolicyModel model;
  private final NDManager m;
  private final LeftPaddedBatch batch;
  private final float tau;
  private final KvCache cache;
  /** {@code (B, 1, 1, 1, capacity)} float32: the prompts' padding columns masked. */
  private final NDArray keyMask;

  CachedDecoding(PolicyModel model, NDManager m, LeftPaddedBatch batch, int capacity, float tau) {
    this.model = model;
    this.m = m;
    this.batch = batch;
    this.tau = tau;
    this.cache = KvCache.allocate(m, model.config(), batch.rows(), capacity);
    this.keyMask = batch.keyMask(m, capacity);
  }

  /** {@link Decoding#promptLogProbs}, writing the prompts' keys and values into the cache. */
  @Override
  public float[] prefill() {
    return Decoding.promptLogProbs(model, m, batch, cache, tau);
  }

  /**
   * Ids {@code (B, 1)} at sequence column {@code c = P + column}, attending to cached keys
   * {@code [0, c]} through the key mask {@code (B, 1, 1, 1, c + 1)}; hidden {@code (B, 1, H)}.
   */
  @Override
  public float[] decode(int[][] tokens, int column) {
    int b = batch.rows();
    long[] next = new long[b];
    for (int i = 0; i < b; i++) {
      next[i] = tokens[i][column];
    }
    int col = batch.promptWidth() + column;
    NDArray hidden = model.hidden(m.create(next, new Shape(b, 1)),
        batch.positions(m, col, col + 1),
        keyMask.get(new NDIndex(":, :, :, :, :{}", col + 1)), cache, col);
    return Decoding.lastLogProbs(model, hidden, 1, tau);
  }
}
