package dev.ngrpo.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
  /** Probabilities 0.5, 0.3, 0.15, 0.05 as log-probs, placed after 2 unrelated floats. */
  private static final float[] ROW = {9f, 9f, (float) Math.log(0.5), (float) Math.log(0.3),
      (float) Math.log(0.15), (float) Math.log(0.05)};

  private static TreeSet<Integer> drawn(SamplingSettings s, int n) {
    SplittableRandom random = new SplittableRandom(3);
    TreeSet<Integer> seen = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      seen.add(TokenSampler.sample(ROW, 2, 4, s, false, random));
    }
    return seen;
  }

  @Test
  void fullDistributionReachesEveryToken() {
    assertThat(drawn(new SamplingSettings(1f, 1f, 0, 1, new int[0]), 2000))
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void topKKeepsOnlyTheKMostLikely() {
    assertThat(drawn(new SamplingSettings(1f, 1f, 2, 1, new int[0]), 2000)).containsExactly(0, 1);
    assertThat(drawn(new SamplingSettings(1f, 1f, 1, 1, new int[0]), 200)).containsExactly(0);
  }

  @Test
  void topPKeepsTheSmallestPrefixReachingP() {
    // cumulative 0.5, 0.8, 0.95, 1.0: p = 0.75 keeps {0, 1}; p = 0.85 keeps {0, 1, 2}
    assertThat(drawn(new SamplingSettings(1f, 0.75f, 0, 1, new int[0]), 2000)).containsExactly(0, 1);
    assertThat(drawn(new SamplingSettings(1f, 0.85f, 0, 1, new int[0]), 4000))
        .containsExactly(0, 1, 2);
    // at least one token survives any p
    assertThat(drawn(new SamplingSettings(1f, 0.01f, 0, 1, new int[0]), 200)).containsExactly(0);
  }

  @Test
  void frequenciesFollowTheProbabilities() {
    SplittableRandom random = new SplittableRandom(5);
    SamplingSettings s = new SamplingSettings(1f, 1f, 0, 1, new int[0]);
    int[] counts = new int[4];
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      counts[TokenSampler.sample(ROW, 2, 4, s, false, random)]++;
    }
    // binomial std at p = 0.5 and n = 20,000 is 0.0035; 0.015 is over 4 sigma
    assertThat(counts[0] / (double) n).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.015));
    assertThat(counts[3] / (double) n).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.015));
  }

  @Test
  void greedyTakesTheArgmaxAndTheLowestIdOnTies() {
    float[] tie = {0f, -1f, 0f};
    assertThat(TokenSampler.sample(tie, 0, 3, new SamplingSettings(0f, 1f, 0, 1, new int[0]),
        true, new SplittableRandom(1))).isEqualTo(0);
    assertThat(TokenSampler.sample(ROW, 2, 4, new SamplingSettings(0f, 1f, 0, 1, new int[0]),
        true, new SplittableRandom(1))).isEqualTo(0);
  }

  /** The ranking of the whole row, as the sampler did before it ranked only candidates. */
  private static int fullRanking(float[] logp, Integer[] order, SamplingSettings s, double u) {
    int vocab = logp.length;
    int k = s.topK() > 0 ? Math.min(s.topK(), vocab) : vocab;
    double total = 0;
    for (int i = 0; i < k; i++) {
      total += Math.exp(logp[order[i]]);
    }
    int kept = 0;
    double mass = 0;
    while (kept < k) {
      mass += Math.exp(logp[order[kept]]) / total;
      kept++;
      if (mass >= s.topP()) {
        break;
      }
    }
    double cumulative = 0;
    for (int i = 0; i < kept; i++) {
      cumulative += Math.exp(logp[order[i]]) / total;
      if (u * mass < cumulative) {
        return order[i];
      }
    }
    return order[kept - 1];
  }

  /** A 50,000-token row: a few likely ids over a long tail {@code tail} times less likely. */
  private static float[] longTail(double tail) {
    int vocab = 50_000;
    double[] weight = new double[vocab];
    SplittableRandom random = new SplittableRandom(9);
    double sum = 0;
    for (int v = 0; v < vocab; v++) {
      weight[v] = (v % 7919 == 3 ? 1 : tail) * random.nextDouble();
      sum += weight[v];
    }
    float[] logp = new float[vocab];
    for (int v = 0; v < vocab; v++) {
      logp[v] = (float) Math.log(weight[v] / sum);
    }
    return logp;
  }

  @Test
  void rankingOnlyCandidatesDrawsWhatRankingTheWholeRowDraws() {
    for (double tail : new double[] {1e-9, 1e-5, 0.1}) {
      float[] row = longTail(tail);
      Integer[] order = new Integer[row.length];
      Arrays.setAll(order, v -> v);
      Arrays.sort(order, (a, b) -> {
        int c = Float.compare(row[b], row[a]);
        return c != 0 ? c : Integer.compare(a, b);
      });
      for (SamplingSettings s : new SamplingSettings[] {
          new SamplingSettings(1f, 0.9f, 0, 1, new int[0]),
          new SamplingSettings(1f, 0.999999f, 0, 1, new int[0]),
          new SamplingSettings(1f, 1f, 40, 1, new int[0]),
          new SamplingSettings(1f, 0.95f, 5, 1, new int[0])}) {
        for (long seed = 0; seed < 50; seed++) {
          double u = new SplittableRandom(seed).nextDouble();
          assertThat(TokenSampler.sample(row, 0, row.length, s, false,
              new SplittableRandom(seed)))
              .as("tail %s, top-p %s, top-k %d, seed %d", tail, s.topP(), s.topK(), seed)
              .isEqualTo(fullRanking(row, order, s, u));
        }
      }
    }
  }
}
