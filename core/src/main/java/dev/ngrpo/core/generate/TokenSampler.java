package dev.ngrpo.core.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one token from a row of log-probabilities on the host (DJL's PyTorch engine has no
 * multinomial). With top-k and top-p off this is inverse-CDF sampling in one pass over the
 * vocabulary; otherwise candidates are ranked, cut to the top {@code k}, renormalized and cut
 * to the smallest prefix whose probability reaches {@code p} (at least one token), as in
 * Hugging Face's logits processors. Only the ids more likely than a cut ({@code 1e-4} of the
 * top probability, lowered while the kept prefix reaches past them) are ranked, not the whole
 * vocabulary: a 152k-token row ranks tens of ids instead of sorting 152k.
 */
final class TokenSampler {
  /** First candidate cut, relative to the most likely token's probability. */
  private static final double FIRST_CUT = 1e-4;
  /** Factor by which the cut drops when the candidates do not hold the kept prefix. */
  private static final double CUT_STEP = 1e-4;
  /** Below this cut every id is a candidate. */
  private static final double LAST_CUT = 1e-20;

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
    int k = s.topK() > 0 ? Math.min(s.topK(), vocab) : vocab;
    float max = Float.NEGATIVE_INFINITY;
    for (int v = 0; v < vocab; v++) {
      max = Math.max(max, logp[from + v]);
    }
    for (double cut = FIRST_CUT; ; cut *= CUT_STEP) {
      boolean all = cut < LAST_CUT;
      Integer[] order = candidates(logp, from, vocab,
          all ? Float.NEGATIVE_INFINITY : (float) (max + Math.log(cut)), all);
      if (!all && order.length < k && k < vocab) {
        continue; // the top k reach past the candidates
      }
      Arrays.sort(order, (a, b) -> {
        int c = Float.compare(logp[from + b], logp[from + a]);
        return c != 0 ? c : Integer.compare(a, b);
      });
      int limit = Math.min(k, order.length);
      double total = 0;
      if (order.length >= k) {
        for (int i = 0; i < k; i++) {
          total += Math.exp(logp[from + order[i]]);
        }
      } else {
        for (int v = 0; v < vocab; v++) {
          total += Math.exp(logp[from + v]);
        }
      }
      int kept = 0;
      double mass = 0;
      while (kept < limit) {
        mass += Math.exp(logp[from + order[kept]]) / total;
        kept++;
        if (mass >= s.topP()) {
          break;
        }
      }
      if (!all && mass < s.topP() && kept < k) {
        continue; // the nucleus reaches past the candidates
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

  /**
   * Ids of the row whose log-probability exceeds {@code threshold} (all ids when {@code all}),
   * in id order. Every id left out is less likely than every id kept, so the candidates are
   * the head of the full ranking.
   */
  private static Integer[] candidates(float[] logp, int from, int vocab, float threshold,
      boolean all) {
    List<Integer> ids = new ArrayList<>();
    for (int v = 0; v < vocab; v++) {
      if (all || logp[from + v] > threshold) {
        ids.add(v);
      }
    }
    return ids.toArray(new Integer[0]);
  }
}
