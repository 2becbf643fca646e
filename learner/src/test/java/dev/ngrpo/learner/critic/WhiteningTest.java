package dev.ngrpo.learner.critic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WhiteningTest {
  /** Ragged, with an empty row: 1, 2, 3, 6, 8. */
  private static float[][] ragged() {
    return new float[][] {{1, 2}, {}, {3, 6}, {8}};
  }

  @Test
  void momentsOverEveryElementOfEveryRow() {
    // n = 5, mean 20/5 = 4; deviations -3, -2, -1, 2, 4, squares 34; var 34/4 = 8.5,
    // std sqrt(8.5) = 2.9154759474.
    Whitening.Moments m = Whitening.moments(ragged());
    assertThat(m.mean()).isEqualTo(4.0);
    assertThat(m.std()).isCloseTo(2.9154759474, within(1e-10));
  }

  @Test
  void whitensInPlaceAndReturnsTheMomentsBefore() {
    float[][] rows = ragged();
    Whitening.Moments before = Whitening.whiten(rows);
    assertThat(before.mean()).isEqualTo(4.0);
    assertThat(before.std()).isCloseTo(2.9154759474, within(1e-10));
    // (x - 4) / sqrt(8.5 + 1e-8) = (x - 4) / 2.9154759491:
    // -3 -> -1.028991510, -2 -> -0.685994340, -1 -> -0.342997170, 2 -> 0.685994340,
    // 4 -> 1.371988680.
    assertThat(rows[0]).containsExactly(new float[] {-1.028991510f, -0.685994340f}, within(1e-6f));
    assertThat(rows[1]).isEmpty();
    assertThat(rows[2]).containsExactly(new float[] {-0.342997170f, 0.685994340f}, within(1e-6f));
    assertThat(rows[3]).containsExactly(new float[] {1.371988680f}, within(1e-6f));
    // Afterwards: mean 0, std 1 (to the 1e-8 the epsilon takes off).
    Whitening.Moments after = Whitening.moments(rows);
    assertThat(after.mean()).isCloseTo(0, within(1e-7));
    assertThat(after.std()).isCloseTo(1, within(1e-6));
  }

  @Test
  void singleElementHasVarianceZeroAndWhitensToZero() {
    float[][] rows = {{}, {5f}};
    // n = 1: mean 5, variance 0 (verl would refuse); (5 - 5) / sqrt(0 + 1e-8) = 0.
    assertThat(Whitening.whiten(rows)).isEqualTo(new Whitening.Moments(5, 0));
    assertThat(rows[1]).containsExactly(0f);
  }

  @Test
  void equalValuesWhitenToZero() {
    float[][] rows = {{0.7f, 0.7f}, {0.7f}};
    // std 0, the epsilon keeps 0/0 away: every (x - mean) is exactly 0.
    Whitening.Moments m = Whitening.whiten(rows);
    assertThat(m.std()).isZero();
    assertThat(rows[0]).containsExactly(0f, 0f);
    assertThat(rows[1]).containsExactly(0f);
  }

  @Test
  void noElementIsAnError() {
    assertThatThrownBy(() -> Whitening.moments(new float[][] {{}, {}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 rows");
  }
}
