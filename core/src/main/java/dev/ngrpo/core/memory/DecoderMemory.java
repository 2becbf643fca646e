package dev.ngrpo.core.memory;

import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.Projection;
import java.util.List;

/**
 * Elements (float32 values) of the tensors the decoder's passes hold, counted op by op from
 * {@code Decoder}, {@code RotaryEmbedding}, {@code LeftPaddedBatch} and {@code KvCache}, for B
 * rows, T query columns and S key columns ({@code S = T} without a cache). With H hidden, I
 * intermediate, nq query heads, {@code Hq = nq * head_dim}, {@code Hkv = kv_heads * head_dim}
 * and {@code N = B * T} query tokens, one block of a forward pass holds
 *
 * <pre>
 *   N * (10 H + 7.5 Hq + 8.5 Hkv + 5 I + 6)  +  4 B nq T S          (6.5 Hkv with a KV cache)
 *
 *   two RMSNorms        6 H + 6     x^2, mean, + eps, ^-1/2, x * inv, * w
 *   q, k, v             Hq + 2 Hkv
 *   rotary q            5.5 Hq      -x2 (half), concat, x cos, rot sin, sum; the sum keeps the
 *                                   (B, T, nq, h) layout, so reshaping it to (B, nkv, r*T, h)
 *                                   copies it
 *   rotary k            4.5 Hkv
 *   k, v for matmul     2 Hkv       batched matmul copies keys and values of that layout; with
 *                                   a cache they are views of it and nothing is copied
 *   scores              4 B nq T S  q k^T, * 1/sqrt(h), + mask, softmax (per block, not per token)
 *   p v, back to rows   Hq          the (B, nkv, r, T, h) -> (B, T, nq*h) reshape copies
 *   o_proj, 2 residuals 3 H
 *   SwiGLU MLP          5 I + H     gate, sigmoid, gate * sigmoid, up, product; down
 * </pre>
 *
 * plus {@code N (H + 2 head_dim)} before the blocks (embedding, rotary cos and sin) and
 * {@code 3 N H + 3 N} for the final norm.
 *
 * <p>Why every intermediate counts, not only those autograd saves: DJL frees an op's result
 * when its {@code NDScope} closes, and the learner's micro-batch ({@code PolicyObjective}) and
 * the generator's passes each close one scope after the whole pass, so at the end of a forward
 * pass every intermediate of every block is alive. The backward pass then adds gradients of
 * activations, which autograd frees as it goes ({@link #backwardPeak}).
 */
public final class DecoderMemory {
  private DecoderMemory() {}

  /**
   * Elements of the largest weight: the embedding {@code (V, H)} for every published model,
   * else an MLP or query projection. Checkpoints and weight snapshots copy one weight at a time
   * to the heap, so this is their largest host array.
   */
  public static long largestWeight(ModelConfig c) {
    long h = c.hiddenSize();
    return Math.max((long) c.vocabSize() * h, Math.max((long) c.intermediateSize() * h,
        Projection.queryWidth(c) * h));
  }

  /**
   * Elements one forward pass through the embedding, every block and the final norm holds at
   * its end (the table above), the attention mask not included ({@link #causalMask}).
   *
   * @param rows B
   * @param queries T, columns fed in this pass
   * @param keys S, key columns attended to ({@code queries} without a cache)
   * @param cached whether keys and values are views of a KV cache
   */
  public static long forward(ModelConfig c, long rows, long queries, long keys, boolean cached) {
    long h = c.hiddenSize();
    long hq = Projection.queryWidth(c);
    long hkv = Projection.keyValueWidth(c);
    long tokens = rows * queries;
    // head widths are even (rotary halves), so 15 Hq / 2 and 13 or 17 Hkv / 2 are whole
    long perToken = 10 * h + 15 * hq / 2 + (cached ? 13 : 17) * hkv / 2
        + 5L * c.intermediateSize() + 6;
    long scores = 4 * rows * c.numAttentionHeads() * queries * keys;
    long before = tokens * (h + 2L * c.headDim());
    long after = 3 * tokens * h + 3 * tokens;
    return before + c.numHiddenLayers() * (tokens * perToken + scores) + after;
  }

  /**
   * Elements of the inputs of the adapted projections over B rows of T columns: {@code B T L
   * sum_targets in}. A training pass with LoRA dropout ({@code AdapterDropout}) makes, for each
   * of them, a one-byte mask and a float32 dropped copy, and keeps both for the backward pass:
   * the copy is {@code A}'s input, the mask what {@code where}'s gradient reads.
   *
   * @param targets the adapted projections of every block
   */
  public static long adaptedInputs(ModelConfig c, List<Projection> targets, long rows,
      long queries) {
    long perToken = targets.stream().mapToLong(p -> p.in(c)).sum();
    return rows * queries * c.numHiddenLayers() * perToken;
  }

  /**
   * Elements of the additive mask {@code LeftPaddedBatch.causalMask} builds for B rows over
   * {@code columns} columns: the causal {@code (cols, cols)}, the key padding
   * {@code (B, cols)} and their sum {@code (B, cols, cols)}.
   */
  public static long causalMask(long rows, long columns) {
    return columns * columns + rows * columns + rows * columns * columns;
  }

  /**
   * Elements of activation gradients the backward pass through the blocks holds at its
   * largest, beside the forward's: at a block's attention the gradient of the softmax and its
   * input, {@code 2 B nq T S}; in its MLP those of the product, the gated branch and the
   * sigmoid, {@code 3 N I}; and about three {@code (N, H)} gradients of the residual stream and
   * the block's input. Autograd frees each gradient once it has been passed on, so only one
   * block's gradients exist at a time. The learner's backward is never cached ({@code S = T}).
   */
  public static long backwardPeak(ModelConfig c, long rows, long queries) {
    long tokens = rows * queries;
    long attention = 2 * rows * c.numAttentionHeads() * queries * queries;
    long mlp = 3 * tokens * c.intermediateSize();
    return Math.max(attention, mlp) + 3 * tokens * c.hiddenSize();
  }

  /**
   * Elements of the KV cache of B rows and {@code capacity} positions: keys and values of every
   * block, {@code 2 L B Hkv capacity} ({@code KvCache}), plus the key-padding mask
   * {@code (B, capacity)} kept beside it.
   */
  public static long kvCache(ModelConfig c, long rows, long capacity) {
    return 2L * c.numHiddenLayers() * rows * Projection.keyValueWidth(c) * capacity
        + rows * capacity;
  }
}
