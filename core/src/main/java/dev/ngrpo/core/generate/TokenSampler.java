package dev.ngrpo.core.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws one token from a row of log-probabilities on the host (DJL's PyTorch engine has no
 * multinomial). With top-k and top-p off this is inverse-CDF sampling in one pass over the
 * vocabulary; otherwise candidates are ranked, cut to the top {@code k}, renormalized and cut
 * to the smallest prefix whose probability reaches {@code p} (at least one token), as in
 * Hugging Face's logits processors.
 */
final class TokenSampler {
  private TokenSampler() {}

  /**
   * Samples from {@code logp[from, from+vocab)} with {@code random}; greedy (argmax, lowest id
   * on ties) when {@code greedy}.
   */
  static int sample(float[] logp, int from, int vocab, SamplingSettings s, boolean greedy,
      SplittableRandom random) {
    if (greedy) {
      int best = 0;
      for (int v = 1; v < vocab; v++) {
        if (logp[from + v] > logp[from + best]) {
          best = v;
        }
      }
      return best;
    }
    double u = random.nextDouble();
    boolean truncate = s.topK() > 0 && s.topK() < vocab || s.topP() < 1f;
    if (!truncate) {
      double cumulative = 0;
      int last = 0;
      for (int v = 0; v < vocab; v++) {
        double pv = Math.exp(logp[from + v]);
        if (pv > 0) {
          last = v;
          cumulative += pv;
          if (u < cumulative) {
            return v;
          }
        }
      }
      return last; // rounding left the total just below u
    }
    Integer[] order = new Integer[vocab];
    for (int v = 0; v < vocab; v++) {
      order[v] = v;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Float.compare(logp[from + b], logp[from + a]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    int k = s.topK() > 0 ? Math.min(s.topK(), vocab) : vocab;
    double total = 0;
    for (int i = 0; i < k; i++) {
      total += Math.exp(logp[from + order[i]]);
    }
    int kept = 0;
    double mass = 0;
    while (kept < k) {
      mass += Math.exp(logp[from + order[kept]]) / total;
      kept++;
      if (mass >= s.topP()) {
        break;
      }
    }
    double target = u * mass;
    double cumulative = 0;
    for (int i = 0; i < kept; i++) {
      cumulative += Math.exp(logp[from + order[i]]) / total;
      if (target < cumulative) {
        return order[i];
      }
    }
    return order[kept - 1];
  }
}
