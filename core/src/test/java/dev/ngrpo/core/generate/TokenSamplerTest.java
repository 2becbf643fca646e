package dev.ngrpo.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

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
}
