package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Per-token log-probabilities and entropies of given (prompt, response) pairs in one batched
 * forward pass: the learner's view of what the sampler drew.
 *
 * <p>With {@code tau} the sampling temperature (1 when sampling was greedy), the distribution
 * scored is {@code softmax(logits / tau)}, the one the sampler drew from before any
 * top-p/top-k truncation:
 * {@code logp(i, j) = log_softmax(logits(i, P-1+j) / tau)[response_i[j]]} and
 * {@code H(i, j) = -sum_v p_v log p_v}. Differentiable with respect to the parameters when
 * they require gradients and a gradient collector is open.
 */
public final class TokenScorer {
  private TokenScorer() {}

  /**
   * Scores {@code responses[i]} as continuations of {@code prompts[i]}.
   *
   * @param m manager (scope) the results belong to; typically a sub-manager of the model's
   * @param temperature sampling temperature; values {@code <= 0} mean greedy and score at 1
   * @param withEntropy also compute per-token entropies
   */
  public static ScoredTokens score(PolicyModel model, NDManager m, int[][] prompts,
      int[][] responses, float temperature, boolean withEntropy) {
    return score(model, m, prompts, responses, temperature, withEntropy, null);
  }

  /**
   * {@link #score} in the learner's training forward, the pass whose loss is back-propagated:
   * with LoRA dropout ({@code lora_dropout} p &gt; 0) the adapters drop their inputs as PEFT's
   * {@code train()} mode does ({@link AdapterDropout}), with masks keyed by {@code pass}; with
   * p = 0, or without adapters, exactly {@link #score}.
   *
   * @param pass the pass's seed and the step's index of each row of {@code prompts}
   */
  public static ScoredTokens scoreTraining(PolicyModel model, NDManager m, int[][] prompts,
      int[][] responses, float temperature, boolean withEntropy, TrainingPass pass) {
    return score(model, m, prompts, responses, temperature, withEntropy, pass);
  }

  /**
   * The final-normed hidden states of the columns that predict response tokens: column j of
   * row i is the state after {@code prompts[i]} and the first j tokens of {@code responses[i]},
   * the one that predicts token j (and the state a critic values before that token).
   *
   * @return hidden {@code (B, R, H)} float32 with R the longest response (at least 1), and the
   *     {@code (B, R)} 0/1 mask of real response tokens
   */
  public static ResponseStates responseStates(PolicyModel model, NDManager m, int[][] prompts,
      int[][] responses) {
    return states(model, m, prompts, responses, null);
  }

  /**
   * What {@link #responseStates} returns, and the response token ids.
   *
   * @param hidden {@code (B, R, H)} float32
   * @param valid {@code (B, R)} float32, 1 on response tokens and 0 on padding
   * @param targets {@code [B * R]} the response token ids, 0 on padding
   */
  public record ResponseStates(NDArray hidden, NDArray valid, long[] targets) {}

  private static ResponseStates states(PolicyModel model, NDManager m, int[][] prompts,
      int[][] responses, TrainingPass pass) {
    if (prompts.length != responses.length) {
      throw new IllegalArgumentException(prompts.length + " prompts but " + responses.length
          + " responses");
    }
    LeftPaddedBatch batch = new LeftPaddedBatch(prompts);
    int p = batch.promptWidth();
    int r = 1;
    for (int[] resp : responses) {
      r = Math.max(r, resp.length);
    }
    int cols = p + r;
    if (cols > model.config().maxPositionEmbeddings()) {
      throw new IllegalArgumentException("prompt + response of " + cols
          + " tokens exceeds max_position_embeddings = " + model.config().maxPositionEmbeddings());
    }
    int b = prompts.length;
    long[] targets = new long[b * r];
    float[] mask = new float[b * r];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < responses[i].length; j++) {
        targets[i * r + j] = responses[i][j];
        mask[i * r + j] = 1f;
      }
    }
    NDArray ids = batch.ids(m, responses, r);
    NDArray positions = batch.positions(m, 0, cols);
    NDArray causal = batch.causalMask(m, cols);
    NDArray hidden = pass == null ? model.hidden(ids, positions, causal, null, 0)
        : model.trainingHidden(ids, positions, causal, pass, batch);
    return new ResponseStates(hidden.get(new NDIndex(":, {}:{}, :", p - 1, p - 1 + r)),
        m.create(mask, new Shape(b, r)), targets);
  }

  private static ScoredTokens score(PolicyModel model, NDManager m, int[][] prompts,
      int[][] responses, float temperature, boolean withEntropy, TrainingPass pass) {
    ResponseStates states = states(model, m, prompts, responses, pass);
    long[] shape = states.valid().getShape().getShape();
    // Only the columns that predict response tokens reach the LM head: (B, R, H) -> (B, R, V).
    NDArray logits = model.logits(states.hidden());
    float tau = temperature > 0 ? temperature : 1f;
    NDArray logSoftmax = (tau == 1f ? logits : logits.div(Scalars.of(logits, tau))).logSoftmax(-1);
    NDArray valid = states.valid();
    NDArray logProbs = logSoftmax.gather(
        m.create(states.targets(), new Shape(shape[0], shape[1], 1)), 2).squeeze(2).mul(valid);
    NDArray entropy = withEntropy
        ? logSoftmax.exp().mul(logSoftmax).sum(new int[] {-1}).neg().mul(valid)
        : null;
    return new ScoredTokens(logProbs, entropy, valid);
  }
}
