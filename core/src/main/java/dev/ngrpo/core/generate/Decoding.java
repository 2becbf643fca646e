package dev.ngrpo.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.ngrpo.core.model.KvCache;
import dev.ngrpo.core.model.LeftPaddedBatch;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.Scalars;

/**
 * The forward passes of one {@link Generator} call over a left-padded batch of B rows: a prefill
 * over the prompts, then one decode step per sampled column. Each pass returns the host copy of
 * the next token's log-probabilities {@code log_softmax(logits / tau)}, {@code B * V} floats row
 * by row, and runs in its own {@code NDScope} that the generator opens around it.
 */
public interface Decoding {
  /** Runs the prompts {@code (B, P)} and returns the log-probs of each row's first new token. */
  float[] prefill();

  /**
   * Runs the token just sampled and returns the log-probs of the next one.
   *
   * @param tokens {@code (B, maxNewTokens)} tokens sampled so far (read only); column
   *     {@code column} is the newest, 0 in rows that had already stopped
   * @param column the newest column, 0-based
   */
  float[] decode(int[][] tokens, int column);

  /** Opens the passes of one call. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param manager owns what the passes keep for the whole call (a cache), freed after it
     * @param capacity prompt width plus max new tokens: the longest sequence of the call
     * @param tau temperature the logits are divided by (1 for greedy sampling)
     */
    Decoding open(PolicyModel model, NDManager manager, LeftPaddedBatch batch, int capacity,
        float tau);
  }

  /**
   * The log-probs of each row's first new token: the prompts' ids {@code (B, P)} under a causal
   * mask {@code (B, 1, 1, P, P)} give hidden states {@code (B, P, H)}.
   *
   * @param cache filled with the prompts' keys and values in columns {@code [0, P)}, or null
   * @return {@code B * V} floats
   */
  static float[] promptLogProbs(PolicyModel model, NDManager m, LeftPaddedBatch batch,
      KvCache cache, float tau) {
    int p = batch.promptWidth();
    NDArray hidden = model.hidden(batch.ids(m, null, 0), batch.positions(m, 0, p),
        batch.causalMask(m, p), cache, 0);
    return lastLogProbs(model, hidden, p, tau);
  }

  /**
   * Host copy of {@code log_softmax(logits(hidden[:, columns - 1]) / tau)}.
   *
   * @param hidden {@code (B, columns, H)} float32
   * @return {@code B * V} floats
   */
  static float[] lastLogProbs(PolicyModel model, NDArray hidden, int columns, float tau) {
    NDArray last = hidden.get(new NDIndex(":, {}:, :", columns - 1));
    NDArray logits = model.logits(last);
    return (tau == 1f ? logits : logits.div(Scalars.of(logits, tau))).logSoftmax(-1).toFloatArray();
  }
}
