package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;

/** The forward computation of one {@link Architecture} over a model's parameters. */
public interface ForwardPass {
  /**
   * The final-normed hidden states.
   *
   * @param ids {@code (B, T)} int64 token ids
   * @param positions {@code (B, T)} int64 rotary positions, each at most its key column (so
   *     below S): the rotary tables cover the positions of S columns
   * @param mask additive attention mask broadcastable to {@code (B, 1, 1, T, S)} float32
   * @param cache keys/values of earlier positions, or null for a full forward pass ({@code S=T})
   * @param offset first cache column written by this call ({@code S = offset + T})
   * @return {@code (B, T, H)} float32
   * @throws IllegalArgumentException when S exceeds {@code max_position_embeddings}, or a
   *     position is S or more
   */
  NDArray hidden(NDArray ids, NDArray positions, NDArray mask, KvCache cache, int offset);

  /** LM head: {@code (B, T, H) -> (B, T, V)} float32 logits. */
  NDArray logits(NDArray hidden);

  /**
   * This pass over the same parameters and constant tables with {@code adapters} in place of
   * its own: the learner's training forward, whose adapters drop their inputs ({@link
   * Adapters#inTraining}), without building the tables again.
   */
  ForwardPass withAdapters(Adapters adapters);
}
