package dev.ngrpo.core.memory;

import dev.ngrpo.core.model.ModelConfig;

/**
 * Elements (float32 values) of the LM head's tensors over the vocabulary, counted from
 * {@code TokenScorer} (the learner's scoring of responses) and {@code Decoding} (the
 * generator's next-token log-probs), for B rows and C columns scored (the response columns when
 * scoring, 1 when generating) over V vocabulary entries:
 *
 * <pre>
 *   hidden columns the head reads    B C H    (a slice of the hidden states, copied by the matmul)
 *   logits                           B C V
 *   logits / tau (tau != 1)          B C V
 *   log_softmax                      B C V
 *   entropy: exp, exp * log_softmax  2 B C V  (the learner's forward only)
 * </pre>
 *
 * For a 152k vocabulary these dominate a long response's memory: one {@code (B, C, V)} tensor
 * of 8 rows of 1,024 tokens is 5 GB.
 */
public final class LmHeadMemory {
  private LmHeadMemory() {}

  /**
   * Elements the head's forward holds at its end.
   *
   * @param rows B
   * @param columns C
   * @param scaled whether the logits are divided by a temperature other than 1
   * @param entropy whether per-token entropies are computed (the learner's training forward)
   */
  public static long forward(ModelConfig c, long rows, long columns, boolean scaled,
      boolean entropy) {
    long cells = rows * columns;
    long vocabWide = 2 + (scaled ? 1 : 0) + (entropy ? 2 : 0);
    return cells * c.hiddenSize() + vocabWide * cells * c.vocabSize();
  }

  /**
   * Elements of gradients the backward pass through the head holds at its largest: with
   * entropies, {@code 3 B C V} (the log-softmax's gradient gathered from the picked tokens and
   * from the entropy's two factors, and the softmax's input gradient formed from it); without,
   * {@code 2 B C V} (the picked tokens' scattered gradient and the softmax's input gradient).
   */
  public static long backwardPeak(ModelConfig c, long rows, long columns, boolean entropy) {
    return (entropy ? 3 : 2) * rows * columns * c.vocabSize();
  }
}
