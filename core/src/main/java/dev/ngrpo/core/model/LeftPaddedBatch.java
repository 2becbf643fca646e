package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rows of different prompt lengths aligned on the right: row {@code i} starts with
 * {@code pad[i] = P - len_i} padding columns, so every prompt ends at column {@code P-1} and
 * response token {@code j} of every row sits at column {@code P + j}. Each row keeps its own
 * positions ({@code column - pad[i]}), and padding columns are masked out as keys, so a row's
 * numbers do not depend on the other rows of its batch (up to floating-point summation order).
 *
 * <p>Generation and scoring share this layout, so the sampler's log-probs and the learner's
 * recomputed ones see the same positions and masks.
 */
public final class LeftPaddedBatch {
  /** Additive mask value for a forbidden key; finite, so a fully masked row has no NaN. */
  public static final float MASKED = -1e9f;

  private final int[][] prompts;
  private final int[] pad;
  private final int width;

  /** Lays out {@code prompts}; each must be non-empty. */
  public LeftPaddedBatch(int[][] prompts) {
    if (prompts.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    this.prompts = prompts;
    int w = 0;
    for (int i = 0; i < prompts.length; i++) {
      if (prompts[i].length == 0) {
        throw new IllegalArgumentException("prompt of row " + i + " is empty");
      }
      w = Math.max(w, prompts[i].length);
    }
    width = w;
    pad = new int[prompts.length];
    for (int i = 0; i < prompts.length; i++) {
      pad[i] = w - prompts[i].length;
    }
  }

  /** Rows B. */
  public int rows() {
    return prompts.length;
  }

  /** Prompt width P: the column after the last prompt token. */
  public int promptWidth() {
    return width;
  }

  /** Padding columns of row {@code i}. */
  public int pad(int i) {
    return pad[i];
  }

  /**
   * Token ids of columns {@code [0, P + R)}: padded prompts followed by {@code responses}
   * (right-padded with 0 to {@code R}); {@code (B, P + R)} int64.
   */
  public NDArray ids(NDManager m, int[][] responses, int responseWidth) {
    int cols = width + responseWidth;
    long[] ids = new long[prompts.length * cols];
    for (int i = 0; i < prompts.length; i++) {
      for (int j = 0; j < prompts[i].length; j++) {
        ids[i * cols + pad[i] + j] = prompts[i][j];
      }
      if (responses != null) {
        for (int j = 0; j < responses[i].length; j++) {
          ids[i * cols + width + j] = responses[i][j];
        }
      }
    }
    return m.create(ids, new Shape(prompts.length, cols));
  }

  /** Rotary positions of columns {@code [from, to)}: {@code max(0, col - pad[i])}; {@code (B, to-from)} int64. */
  public NDArray positions(NDManager m, int from, int to) {
    int cols = to - from;
    long[] pos = new long[prompts.length * cols];
    for (int i = 0; i < prompts.length; i++) {
      for (int c = 0; c < cols; c++) {
        pos[i * cols + c] = Math.max(0, from + c - pad[i]);
      }
    }
    return m.create(pos, new Shape(prompts.length, cols));
  }

  /**
   * Key-padding mask over key columns {@code [0, keys)}: {@link #MASKED} for padding columns,
   * else 0; {@code (B, 1, 1, 1, keys)} float32.
   */
  public NDArray keyMask(NDManager m, int keys) {
    float[] mask = new float[prompts.length * keys];
    for (int i = 0; i < prompts.length; i++) {
      for (int c = 0; c < Math.min(pad[i], keys); c++) {
        mask[i * keys + c] = MASKED;
      }
    }
    return m.create(mask, new Shape(prompts.length, 1, 1, 1, keys));
  }

  /**
   * Full mask for queries at columns {@code [0, cols)} over keys {@code [0, cols)}: causal plus
   * key padding; {@code (B, 1, 1, cols, cols)} float32.
   */
  public NDArray causalMask(NDManager m, int cols) {
    float[] causal = new float[cols * cols];
    for (int q = 0; q < cols; q++) {
      for (int k = q + 1; k < cols; k++) {
        causal[q * cols + k] = MASKED;
      }
    }
    return m.create(causal, new Shape(1, 1, 1, cols, cols)).add(keyMask(m, cols));
  }
}
