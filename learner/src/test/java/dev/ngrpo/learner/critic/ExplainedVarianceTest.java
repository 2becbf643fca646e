package dev.ngrpo.learner.critic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExplainedVarianceTest {
  /** Centred: mean 0, population variance (1 + 1 + 4 + 4) / 4 = 2.5. */
  private static final float[][] RETURNS = {{1, -1, 2}, {-2}};

  @Test
  void perfectCriticExplainsEverything() {
    // R - V = 0: 1 - 0 / 2.5 = 1.
    assertThat(ExplainedVariance.of(RETURNS, RETURNS)).isEqualTo(1.0);
  }

  @Test
  void constantZeroCriticExplainsNothing() {
    // R - V = R: 1 - 2.5 / 2.5 = 0.
    assertThat(ExplainedVariance.of(RETURNS, new float[][] {{0, 0, 0}, {0}})).isEqualTo(0.0);
  }

  @Test
  void halfTheReturnsExplainsThreeQuarters() {
    // V = R / 2: R - V = (0.5, -0.5, 1, -1), variance 2.5 / 4 = 0.625; 1 - 0.625 / 2.5 = 0.75.
    float[][] values = {{0.5f, -0.5f, 1}, {-1}};
    assertThat(ExplainedVariance.of(RETURNS, values)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void aConstantOffsetIsNotCounted() {
    // V = R + 1: R - V = -1 everywhere, variance 0: 1, though the value loss would be 1.
    float[][] values = {{2, 0, 3}, {-1}};
    assertThat(ExplainedVariance.of(RETURNS, values)).isEqualTo(1.0);
  }

  @Test
  void aCriticWorseThanAConstantIsNegative() {
    // V = -R: R - V = 2R, variance 4 * 2.5 = 10; 1 - 10 / 2.5 = -3.
    float[][] values = {{-1, 1, -2}, {2}};
    assertThat(ExplainedVariance.of(RETURNS, values)).isCloseTo(-3.0, within(1e-12));
  }

  @Test
  void constantReturnsGiveNaN() {
    float[][] returns = {{0.3f, 0.3f}, {0.3f}};
    assertThat(ExplainedVariance.of(returns, new float[][] {{0, 1}, {2}})).isNaN();
    assertThat(ExplainedVariance.of(new float[][] {{}}, new float[][] {{}})).isNaN();
  }

  @Test
  void shapesMustMatch() {
    assertThatThrownBy(() -> ExplainedVariance.of(RETURNS, new float[][] {{0, 0, 0}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("returns has 2 rows")
        .hasMessageContaining("values has 1");
    assertThatThrownBy(() -> ExplainedVariance.of(RETURNS, new float[][] {{0, 0, 0}, {0, 0}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("returns row 1 has 1")
        .hasMessageContaining("values row 1 has 2");
  }
}
