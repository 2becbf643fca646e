package dev.ngrpo.core.generate;

/**
 * One sampled response.
 *
 * @param tokens response token ids, the stop token included when one was sampled
 * @param logProbs log-probability of each token under {@code softmax(logits / temperature)}
 *     (before top-p/top-k truncation), as the learner will recompute it
 * @param truncated true when the response reached max new tokens without a stop token
 */
public record Generation(int[] tokens, float[] logProbs, boolean truncated) {}
