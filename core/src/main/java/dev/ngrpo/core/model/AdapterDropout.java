package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.ngrpo.core.random.SplitMix64;
import java.nio.ByteBuffer;
import java.util.stream.IntStream;

/**
 * PEFT's {@code lora_dropout} in one training forward pass ({@link TrainingPass}): an adapted
 * projection computes {@code x W^T + s (drop(x) A^T) B^T}, where {@code drop} is inverted
 * dropout on the adapter's own copy of its input {@code x (B, T, in)}: each element is kept
 * with probability {@code 1 - p} and scaled by {@code 1 / (1 - p)}, so that {@code E[drop(x)] =
 * x}; {@code x W^T} sees x whole. As in PEFT, whose dropout acts in {@code train()} mode only,
 * the pass whose loss is back-propagated is the only one that drops: old and reference
 * log-probs, rollouts, evaluation and the merged weights {@code W + s B A} see whole inputs.
 *
 * <p>The mask: element j of the input of projection P at token k of step row r is kept when
 * {@code u >= ceil(p 2^32)}, u being one 32-bit half of {@code mix64(key + (j/2 + 1) golden)}
 * with {@code key} SplitMix64's finalizer folded over the pass's seed, P's name, r and k
 * ({@link TrainingPass#fold}). k counts from the row's first prompt token, not from its padded
 * column, so a row's masks do not depend on the rows that share its micro-batch. Every element
 * is a pure function of those values: a retried step or a resumed run draws exactly the same
 * masks, on any device and any number of threads. The engine's generator would not do:
 * {@code Engine.setRandomSeed} is one state for the whole JVM, which rollouts running beside the
 * learner (Spark's local mode) advance. The kept fraction is {@code 1 - p} to within 2^-32.
 *
 * <p>The cost: the mask is made on the host, one hash per two elements, in parallel over tokens
 * for large inputs, and becomes a boolean tensor (one byte per element) in x's manager, freed
 * with the pass's scope. {@code where(mask, x, 0)} keeps only that byte for the backward pass,
 * beside the dropped input {@code A}'s product keeps, as PyTorch's own dropout does. The
 * {@code 1 / (1 - p)} is folded into s, {@code s / (1 - p) (where(mask, x, 0) A^T) B^T}: equal
 * in exact arithmetic to scaling the input, without another {@code (B, T, in)} tensor.
 */
final class AdapterDropout {
  /** Tokens per task when a mask is made in parallel. */
  private static final int TOKENS_PER_TASK = 64;
  /** Elements below which a mask is made on the calling thread alone. */
  private static final long PARALLEL_ELEMENTS = 1 << 20;

  private final double p;
  private final long threshold;
  private final TrainingPass pass;
  private final int[] pads;

  /**
   * @param p the dropout probability, in {@code (0, 1)}
   * @param pass the rows of the batch
   * @param batch the batch's layout: row b's first prompt token sits at column {@code pad(b)}
   */
  AdapterDropout(double p, TrainingPass pass, LeftPaddedBatch batch) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in (0, 1), got " + p);
    }
    if (pass.size() != batch.rows()) {
      throw new IllegalArgumentException("the training pass names " + pass.size()
          + " rows, the batch has " + batch.rows());
    }
    this.p = p;
    this.threshold = (long) Math.ceil(p * 0x1p32);
    this.pass = pass;
    this.pads = new int[batch.rows()];
    for (int b = 0; b < pads.length; b++) {
      pads[b] = batch.pad(b);
    }
  }

  /** {@code 1 / (1 - p)}, the scale of a kept element. */
  double scale() {
    return 1 / (1 - p);
  }

  /**
   * {@code where(mask, x, 0)}: the input {@code x (B, T, in)} float32 of projection {@code
   * prefix} with its dropped elements zeroed and its kept ones not yet scaled ({@link #scale()}).
   *
   * @throws IllegalArgumentException when x is not {@code (B, T, in)} with this pass's B rows,
   *     or holds 2^31 elements or more
   */
  NDArray drop(NDArray x, String prefix) {
    Shape shape = x.getShape();
    if (shape.dimension() != 3 || shape.get(0) != pass.size()) {
      throw new IllegalArgumentException("input " + shape + " of " + prefix + " is not (B = "
          + pass.size() + ", T, in)");
    }
    if (shape.size() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the dropout mask of " + prefix + "'s input " + shape
          + " would exceed 2^31 elements; lower ngrpo.learner.micro-batch-size");
    }
    NDManager m = x.getManager();
    ByteBuffer flags = m.allocateDirect((int) shape.size());
    fill(flags, prefix, (int) shape.get(1), (int) shape.get(2));
    NDArray mask = m.create(flags, shape, DataType.BOOLEAN);
    return NDArrays.where(mask, x, Scalars.of(x, 0f));
  }

  /**
   * Writes the kept flags (1 kept, 0 dropped) of projection {@code prefix}'s input, {@code (B,
   * columns, in)} row-major, into {@code out} from index 0 by absolute puts: each task writes
   * its own tokens' bytes, and the buffer's position and limit are never touched.
   */
  void fill(ByteBuffer out, String prefix, int columns, int in) {
    long projection = SplitMix64.fold(pass.seed(), prefix.hashCode());
    int tokens = pass.size() * columns;
    IntStream tasks = IntStream.range(0, (tokens + TOKENS_PER_TASK - 1) / TOKENS_PER_TASK);
    (tokens * (long) in >= PARALLEL_ELEMENTS ? tasks.parallel() : tasks).forEach(task -> {
      byte[] flags = new byte[in];
      int end = Math.min(tokens, (task + 1) * TOKENS_PER_TASK);
      for (int token = task * TOKENS_PER_TASK; token < end; token++) {
        int b = token / columns;
        long key = SplitMix64.fold(SplitMix64.fold(projection, pass.row(b)),
            token % columns - pads[b]);
        kept(key, threshold, flags);
        out.put(token * in, flags);
      }
    });
  }

  /**
   * The kept flags of one token's input: element j compares one 32-bit half of
   * {@code mix64(key + (j/2 + 1) golden)} with {@code threshold}.
   */
  static void kept(long key, long threshold, byte[] flags) {
    for (int j = 0; j < flags.length; j += 2) {
      long h = SplitMix64.mix64(key + ((j >>> 1) + 1) * SplitMix64.GOLDEN);
      flags[j] = atLeast(h >>> 32, threshold);
      if (j + 1 < flags.length) {
        flags[j + 1] = atLeast(h & 0xFFFFFFFFL, threshold);
      }
    }
  }

  /**
   * 1 when {@code u >= threshold}, else 0, without a branch (a coin flip defeats the branch
   * predictor): both lie in {@code [0, 2^32]}, so {@code threshold - 1 - u} is negative exactly
   * then.
   */
  private static byte atLeast(long u, long threshold) {
    return (byte) ((threshold - 1 - u) >>> 63);
  }
}
