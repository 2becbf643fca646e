package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HolmTest {
  @Test
  void stepsDownFromTheSmallestAndKeepsTheOrder() {
    // sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04; running max
    // 0.02, 0.03, 0.06, 0.06; back in input order:
    double[] adjusted = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
    assertThat(adjusted[0]).isCloseTo(0.03, within(1e-12));
    assertThat(adjusted[1]).isCloseTo(0.06, within(1e-12));
    assertThat(adjusted[2]).isCloseTo(0.06, within(1e-12));
    assertThat(adjusted[3]).isCloseTo(0.02, within(1e-12));
  }

  @Test
  void capsAtOneLeavesASingleValueAloneAndSpreadsNaN() {
    // 2 x 0.6 = 1.2 -> 1; then max(1, 0.7) = 1
    assertThat(Holm.adjust(new double[] {0.6, 0.7})).containsExactly(1.0, 1.0);
    assertThat(Holm.adjust(new double[] {0.03})).containsExactly(0.03);
    assertThat(Holm.adjust(new double[] {0.01, Double.NaN})).containsExactly(Double.NaN,
        Double.NaN);
    assertThat(Holm.adjust(new double[0])).isEmpty();
  }
}
