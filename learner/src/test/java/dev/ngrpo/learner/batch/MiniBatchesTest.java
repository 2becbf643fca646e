package dev.ngrpo.learner.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MiniBatchesTest {

  @Test
  void splitsEvenlyLargerFirst() {
    // 10 groups into 4: sizes 3, 3, 2, 2.
    int[][] b = MiniBatches.split(10, 4, false, 0);
    assertThat(b).isDeepEqualTo(new int[][] {{0, 1, 2}, {3, 4, 5}, {6, 7}, {8, 9}});
  }

  @Test
  void neverReturnsAnEmptyMiniBatch() {
    assertThat(MiniBatches.split(2, 4, false, 0)).isDeepEqualTo(new int[][] {{0}, {1}});
    assertThat(MiniBatches.split(0, 4, false, 0)).isEmpty();
  }

  @Test
  void shuffleIsAPermutationFixedByTheSeed() {
    long seed = MiniBatches.seed(42, 7, 0);
    int[][] a = MiniBatches.split(16, 4, true, seed);
    int[][] b = MiniBatches.split(16, 4, true, seed);
    assertThat(a).isDeepEqualTo(b);
    int[] all = Arrays.stream(a).flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(MiniBatches.split(16, 4, true, MiniBatches.seed(42, 8, 0))).isNotEqualTo(a);
  }

  @Test
  void seedsDifferByRunStepAndEpoch() {
    long base = MiniBatches.seed(1, 1, 0);
    assertThat(MiniBatches.seed(1, 1, 0)).isEqualTo(base);
    assertThat(MiniBatches.seed(2, 1, 0)).isNotEqualTo(base);
    assertThat(MiniBatches.seed(1, 2, 0)).isNotEqualTo(base);
    assertThat(MiniBatches.seed(1, 1, 1)).isNotEqualTo(base);
  }

  @Test
  void rejectsBadCounts() {
    assertThatThrownBy(() -> MiniBatches.split(4, 0, false, 0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> MiniBatches.split(-1, 1, false, 0)).hasMessageContaining("got -1");
  }
}
