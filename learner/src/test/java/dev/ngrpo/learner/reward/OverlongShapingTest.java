package dev.ngrpo.learner.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Grading;
import dev.ngrpo.core.data.RolloutGroup;
import org.junit.jupiter.api.Test;

class OverlongShapingTest {
  // L_max 20, L_buf 4: no penalty up to 16 tokens, then -(L - 16) / 4.
  private final OverlongShaping shaping = new OverlongShaping(20, 4);

  @Test
  void penalty() {
    assertThat(shaping.penalty(0)).isEqualTo(0.0);
    assertThat(shaping.penalty(10)).isEqualTo(0.0);
    assertThat(shaping.penalty(16)).isEqualTo(0.0); // -(16 - 16) / 4 = 0
    assertThat(shaping.penalty(17)).isEqualTo(-0.25); // -(17 - 16) / 4
    assertThat(shaping.penalty(18)).isEqualTo(-0.5); // -(18 - 16) / 4
    assertThat(shaping.penalty(20)).isEqualTo(-1.0); // -(20 - 16) / 4
  }

  @Test
  void shapesRewards() {
    assertThat(shaping.shape(1f, 18)).isEqualTo(0.5f); // 1 - 0.5
    assertThat(shaping.shape(0f, 19)).isEqualTo(-0.75f); // 0 - 3/4
    RolloutGroup g = new RolloutGroup("p", 0, "t", new int[] {1}, 0,
        new int[][] {new int[12], new int[20]}, new float[][] {new float[12], new float[20]},
        new float[] {1, 1}, new boolean[] {false, true}, 0, 0, Grading.ALL_GRADED);
    assertThat(shaping.shapedRewards(g, g.rewards())).containsExactly(1f, 0f); // 1 + 0, 1 - 1
    assertThat(g.rewards()).containsExactly(1f, 1f);
  }

  @Test
  void rejectsLengthsAboveTheLimitAndBadBuffers() {
    assertThatThrownBy(() -> shaping.penalty(21)).hasMessageContaining("21");
    RolloutGroup g = new RolloutGroup("long/1", 0, "t", new int[] {1}, 0,
        new int[][] {new int[21]}, new float[][] {new float[21]}, new float[] {1},
        new boolean[] {true}, 0, 0, Grading.ALL_GRADED);
    assertThatThrownBy(() -> shaping.shapedRewards(g, g.rewards()))
        .hasMessageContaining("long/1").hasMessageContaining("21");
    assertThatThrownBy(() -> new OverlongShaping(20, 0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> new OverlongShaping(20, 21)).hasMessageContaining("got 21");
  }
}
