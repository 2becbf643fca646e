package dev.ngrpo.core.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {
  @Test
  void drawsAreTheJdksSplittableRandom() {
    for (long seed : new long[] {0, 1, -7, 42, Long.MAX_VALUE}) {
      SplittableRandom random = new SplittableRandom(seed);
      // the n-th draw of seed s is mix64(s + n GOLDEN)
      for (long n = 1; n <= 3; n++) {
        assertThat(SplitMix64.mix64(seed + n * SplitMix64.GOLDEN)).isEqualTo(random.nextLong());
      }
    }
  }

  @Test
  void foldMixesTheValueIntoTheKey() {
    // fold(k, v) = mix64(k ^ (v + GOLDEN)); with k = 0 that is SplittableRandom(v)'s first draw
    assertThat(SplitMix64.fold(0, 5)).isEqualTo(new SplittableRandom(5).nextLong());
    assertThat(SplitMix64.fold(1, 5)).isNotEqualTo(SplitMix64.fold(1, 6))
        .isNotEqualTo(SplitMix64.fold(2, 5));
  }
}
