package dev.ngrpo.core.model;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Rotary position embedding in the Hugging Face Llama convention ("rotate half"):
 * {@code inv_freq_j = theta^(-2j/d)}, {@code angle(p, j) = p * inv_freq_(j mod d/2)},
 * {@code rope(x) = x * cos(angle) + rotate_half(x) * sin(angle)} with
 * {@code rotate_half([x1, x2]) = [-x2, x1]}.
 *
 * <p>Tables of {@code cos} and {@code sin} are computed on the host in double precision; a batch
 * looks its rows up by position id, so left-padded rows get their own positions.
 *
 * <p>The tables cover the positions the model's calls reach, not {@code max_position_embeddings}:
 * a {@code config.json} may declare a million positions (or, corrupt, far more), while a run
 * reaches its longest prompt plus its max new tokens. They grow lazily: {@link #cover} is called
 * by each forward pass with its key count S, known on the host from the shapes (a token's
 * position is at most its column, so every position of the call is below S), and rebuilds the
 * tables at the next power of two, capped at {@code max_position_embeddings}. A table sized
 * once at build time would need every caller to pass the longest sequence it will ever run,
 * through every API that builds a model; a table sized from the position values would need a
 * device-to-host copy per forward pass. Row {@code p} is the same function of {@code p} whatever
 * the table's size, so growing changes no output bit. Outgrown tables stay in the model's
 * manager until it closes (at most as much again as the last), because another thread's forward
 * pass may still read them.
 */
final class RotaryEmbedding {
  /** Positions of the first table: short runs never grow it. */
  static final int INITIAL_POSITIONS = 256;

  private final NDManager manager;
  private final int d;
  private final int half;
  private final double theta;
  private final int maxPositions;
  private volatile Table table;

  /** Tables of the first {@code positions} positions. */
  private record Table(NDArray cos, NDArray sin, int positions) {}

  RotaryEmbedding(NDManager manager, ModelConfig c) {
    this.manager = manager;
    this.d = c.headDim();
    this.half = d / 2;
    this.theta = c.ropeTheta();
    this.maxPositions = c.maxPositionEmbeddings();
    this.table = build(Math.min(INITIAL_POSITIONS, maxPositions));
  }

  /**
   * Makes the tables cover positions {@code [0, keys)}, the positions a forward pass over
   * {@code keys} key columns can use.
   *
   * @throws IllegalArgumentException when {@code keys} exceeds {@code max_position_embeddings}
   */
  void cover(long keys) {
    if (keys <= table.positions()) {
      return;
    }
    if (keys > maxPositions) {
      throw new IllegalArgumentException("a sequence of " + keys
          + " tokens exceeds max_position_embeddings = " + maxPositions);
    }
    synchronized (this) {
      if (keys > table.positions()) {
        long next = Long.highestOneBit(keys - 1) << 1;
        table = build((int) Math.min(next, maxPositions));
      }
    }
  }

  /** Positions the tables cover now. */
  int positions() {
    return table.positions();
  }

  private Table build(int positions) {
    if ((long) positions * d > ModelConfig.MAX_TENSOR_ELEMENTS) {
      throw new IllegalArgumentException("rotary tables of " + positions + " positions x head_dim "
          + d + " do not fit one array");
    }
    float[] cosTable = new float[positions * d];
    float[] sinTable = new float[positions * d];
    for (int p = 0; p < positions; p++) {
      for (int j = 0; j < half; j++) {
        double invFreq = Math.pow(theta, -2.0 * j / d);
        double angle = p * invFreq;
        float cv = (float) Math.cos(angle);
        float sv = (float) Math.sin(angle);
        cosTable[p * d + j] = cv;
        cosTable[p * d + j + half] = cv;
        sinTable[p * d + j] = sv;
        sinTable[p * d + j + half] = sv;
      }
    }
    NDArray cos = manager.create(cosTable, new Shape(positions, d));
    NDArray sin = manager.create(sinTable, new Shape(positions, d));
    // Grown inside a forward pass's NDScope, which would close them with the pass's
    // intermediates: they belong to the model.
    NDScope.unregister(cos, sin);
    return new Table(cos, sin, positions);
  }

  /**
   * Looks up the tables for {@code positions (B, T) int64}: returns {@code cos, sin}, each
   * {@code (B, 1, T, d)} float32, broadcastable over heads.
   *
   * @throws IllegalArgumentException for a position the tables do not cover (on the CPU; a GPU
   *     reports it as a device-side assertion)
   */
  NDArray[] lookup(NDArray positions) {
    Table t = table;
    try {
      NDArray c = positions.getNDArrayInternal().embedding(positions, t.cos(), SparseFormat.DENSE)
          .singletonOrThrow().expandDims(1);
      NDArray s = positions.getNDArrayInternal().embedding(positions, t.sin(), SparseFormat.DENSE)
          .singletonOrThrow().expandDims(1);
      return new NDArray[] {c, s};
    } catch (EngineException e) {
      throw new IllegalArgumentException("a rotary position is outside [0, " + t.positions()
          + "), the positions covered for this call's key columns: positions must be at most"
          + " their column", e);
    }
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
