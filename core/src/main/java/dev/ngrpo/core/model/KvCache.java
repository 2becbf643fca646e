package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Preallocated keys and values of every layer for a batch being decoded:
 * {@code (B, kvHeads, capacity, headDim)} float32 per layer, written in place column by column,
 * so a decoding step costs one small write instead of a copy of the whole history.
 *
 * <p>Lives only inside one generation call (its arrays belong to that call's manager).
 */
public final class KvCache {
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int capacity;

  KvCache(NDManager manager, ModelConfig c, int batch, int capacity) {
    this.capacity = capacity;
    Shape shape = new Shape(batch, c.numKeyValueHeads(), capacity, c.headDim());
    keys = new NDArray[c.numHiddenLayers()];
    values = new NDArray[c.numHiddenLayers()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = manager.zeros(shape, DataType.FLOAT32);
      values[i] = manager.zeros(shape, DataType.FLOAT32);
    }
  }

  /** Creates an empty cache for {@code batch} rows of up to {@code capacity} positions. */
  public static KvCache allocate(NDManager manager, ModelConfig c, int batch, int capacity) {
    if (capacity > c.maxPositionEmbeddings()) {
      throw new IllegalArgumentException("sequence of " + capacity
          + " tokens exceeds max_position_embeddings = " + c.maxPositionEmbeddings());
    }
    return new KvCache(manager, c, batch, capacity);
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Writes {@code k, v (B, kvHeads, T, headDim)} of {@code layer} at columns
   * {@code [offset, offset+T)} and returns views of columns {@code [0, offset+T)}.
   */
  NDArray[] append(int layer, NDArray k, NDArray v, int offset) {
    int end = offset + Math.toIntExact(k.getShape().get(2));
    if (end > capacity) {
      throw new IllegalStateException("KV cache of " + capacity + " positions overflows at " + end);
    }
    NDIndex cols = new NDIndex(":, :, {}:{}", offset, end);
    keys[layer].set(cols, k);
    values[layer].set(cols, v);
    NDIndex upTo = new NDIndex(":, :, :{}", end);
    return new NDArray[] {keys[layer].get(upTo), values[layer].get(upTo)};
  }
}
