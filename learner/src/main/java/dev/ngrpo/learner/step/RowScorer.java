package dev.ngrpo.learner.step;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.ScoredTokens;
import dev.ngrpo.core.model.TokenScorer;
import java.util.Arrays;

/**
 * Log-probabilities of training rows under a model, copied to the host, computed in chunks so
 * a step of any size fits in memory: the exact "old" policy of docs/algorithm.md section 4 step 3
 * (and the reference policy's log-probs when KL is on). Nothing here is differentiated.
 */
final class RowScorer {
  private RowScorer() {}

  /**
   * {@code out[r][j]} = log-prob of response token j of row r under {@code model}.
   *
   * @param chunk rows per forward pass
   */
  static float[][] logProbs(PolicyModel model, TrainingRows t, float temperature, int chunk) {
    float[][] out = new float[t.rows()][];
    for (int from = 0; from < t.rows(); from += chunk) {
      int to = Math.min(t.rows(), from + chunk);
      int[][] prompts = Arrays.copyOfRange(t.prompts, from, to);
      int[][] responses = Arrays.copyOfRange(t.responses, from, to);
      try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        ScoredTokens s = TokenScorer.score(model, m, prompts, responses, temperature, false);
        float[] flat = s.logProbs().stopGradient().toFloatArray();
        int width = Math.toIntExact(s.logProbs().getShape().get(1));
        for (int i = 0; i < responses.length; i++) {
          out[from + i] = Arrays.copyOfRange(flat, i * width, i * width + responses[i].length);
        }
      }
    }
    return out;
  }

  /** Rows {@code rows} of {@code perRow}, right-padded with 0 to {@code width}: {@code (B*width)}. */
  static float[] padded(float[][] perRow, int[] rows, int width) {
    float[] out = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      float[] r = perRow[rows[i]];
      System.arraycopy(r, 0, out, i * width, r.length);
    }
    return out;
  }
}
