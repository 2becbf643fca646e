package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Rotary position embedding in the Hugging Face Llama convention ("rotate half"):
 * {@code inv_freq_j = theta^(-2j/d)}, {@code angle(p, j) = p * inv_freq_(j mod d/2)},
 * {@code rope(x) = x * cos(angle) + rotate_half(x) * sin(angle)} with
 * {@code rotate_half([x1, x2]) = [-x2, x1]}.
 *
 * <p>Tables of {@code cos} and {@code sin} are precomputed on the host in double precision for
 * every position up to {@code max_position_embeddings}; a batch looks its rows up by
 * position id, so left-padded rows get their own positions.
 */
final class RotaryEmbedding {
  private final NDArray cos;
  private final NDArray sin;
  private final int half;

  RotaryEmbedding(NDManager manager, ModelConfig c) {
    int d = c.headDim();
    half = d / 2;
    int positions = c.maxPositionEmbeddings();
    float[] cosTable = new float[positions * d];
    float[] sinTable = new float[positions * d];
    for (int p = 0; p < positions; p++) {
      for (int j = 0; j < half; j++) {
        double invFreq = Math.pow(c.ropeTheta(), -2.0 * j / d);
        double angle = p * invFreq;
        float cv = (float) Math.cos(angle);
        float sv = (float) Math.sin(angle);
        cosTable[p * d + j] = cv;
        cosTable[p * d + j + half] = cv;
        sinTable[p * d + j] = sv;
        sinTable[p * d + j + half] = sv;
      }
    }
    cos = manager.create(cosTable, new Shape(positions, d));
    sin = manager.create(sinTable, new Shape(positions, d));
  }

  /**
   * Looks up the tables for {@code positions (B, T) int64}: returns {@code cos, sin}, each
   * {@code (B, 1, T, d)} float32, broadcastable over heads.
   */
  NDArray[] lookup(NDArray positions) {
    NDArray c = positions.getNDArrayInternal().embedding(positions, cos, SparseFormat.DENSE)
        .singletonOrThrow().expandDims(1);
    NDArray s = positions.getNDArrayInternal().embedding(positions, sin, SparseFormat.DENSE)
        .singletonOrThrow().expandDims(1);
    return new NDArray[] {c, s};
  }

  /** Applies the rotation to {@code x (B, heads, T, d)} (4-D) given {@link #lookup} results. */
  NDArray apply(NDArray x, NDArray[] cosSin) {
    // Explicit slices, not "...": DJL turns an ellipsis into advanced indexing, whose
    // multi-threaded backward on the CPU produced NaN gradients (seen with 2 torch threads).
    NDArray x1 = x.get(new NDIndex(":, :, :, :{}", half));
    NDArray x2 = x.get(new NDIndex(":, :, :, {}:", half));
    NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), -1);
    return x.mul(cosSin[0]).add(rotated.mul(cosSin[1]));
  }
}
