package dev.ngrpo.learner.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateSchedulesTest {

  @Test
  void constant() {
    LearningRateSchedule s = LearningRateSchedules.create("constant", 1e-6, 0, 0, 0);
    assertThat(s.learningRate(0)).isEqualTo(1e-6);
    assertThat(s.learningRate(10_000)).isEqualTo(1e-6);
  }

  @Test
  void constantWithWarmup() {
    LearningRateSchedule s = LearningRateSchedules.create("constant", 0.1, 4, 0, 0);
    // lr (s + 1) / 4 for s < 4: 0.025, 0.05, 0.075, 0.1; then 0.1.
    assertThat(s.learningRate(0)).isCloseTo(0.025, within(1e-15));
    assertThat(s.learningRate(1)).isCloseTo(0.05, within(1e-15));
    assertThat(s.learningRate(2)).isCloseTo(0.075, within(1e-15));
    assertThat(s.learningRate(3)).isCloseTo(0.1, within(1e-15));
    assertThat(s.learningRate(4)).isEqualTo(0.1);
  }

  @Test
  void warmupCosine() {
    LearningRateSchedule s = LearningRateSchedules.create("warmup-cosine", 1.0, 2, 0.1, 6);
    // Warmup: (s + 1) / 2 -> 0.5, 1.0.
    assertThat(s.learningRate(0)).isEqualTo(0.5);
    assertThat(s.learningRate(1)).isEqualTo(1.0);
    // p = (s - 2) / 4; lr = 0.1 + 0.9 * 0.5 * (1 + cos(pi p)):
    // p 0 -> 1; p 1/4 -> 0.1 + 0.45 * 1.707107 = 0.868198; p 1/2 -> 0.55;
    // p 3/4 -> 0.1 + 0.45 * 0.292893 = 0.231802; p 1 -> 0.1, and 0.1 after.
    assertThat(s.learningRate(2)).isEqualTo(1.0);
    assertThat(s.learningRate(3)).isCloseTo(0.868198, within(1e-6));
    assertThat(s.learningRate(4)).isCloseTo(0.55, within(1e-12));
    assertThat(s.learningRate(5)).isCloseTo(0.231802, within(1e-6));
    assertThat(s.learningRate(6)).isCloseTo(0.1, within(1e-12));
    assertThat(s.learningRate(1000)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> LearningRateSchedules.create("linear", 1, 0, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'linear'")
        .hasMessageContaining("known: constant, warmup-cosine");
    assertThatThrownBy(() -> LearningRateSchedules.create("warmup-cosine", 1, 10, 0, 10))
        .hasMessageContaining("(10)");
    assertThatThrownBy(() -> LearningRateSchedules.create("constant", 0, 0, 0, 10))
        .hasMessageContaining("0.0");
    assertThatThrownBy(() -> LearningRateSchedules.create("warmup-cosine", 1, 0, 1.5, 10))
        .hasMessageContaining("1.5");
  }
}
