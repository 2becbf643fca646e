package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTest {
  @Test
  void confidenceIntervalsUseStudentsT() {
    // d = 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.303, half width 4.303 / sqrt(3) = 2.484
    double[] ci = Statistics.interval95(new double[] {1, 2, 3});
    assertThat(ci[0]).isCloseTo(2 - 2.48434, within(1e-4));
    assertThat(ci[1]).isCloseTo(2 + 2.48434, within(1e-4));
    assertThat(Statistics.t975(4)).isEqualTo(2.776);
    assertThat(Statistics.t975(100)).isEqualTo(1.96);
    assertThat(Statistics.interval95(new double[] {1})).containsExactly(Double.NaN, Double.NaN);
  }

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheTwoAndLeavesItsInputAlone() {
    double[] odd = {3, 1, 2};
    assertThat(Statistics.median(odd)).isEqualTo(2);
    assertThat(odd).containsExactly(3, 1, 2);
    assertThat(Statistics.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void wilsonIntervalsAreTheRootsOfTheScoreTest() {
    // the bounds solve (p - pi)^2 = z^2 pi (1 - pi) / n, z = 1.959964; roots by numpy:
    // 0 of 5: [0, z^2 / (5 + z^2)] = [0, 0.434482]
    assertThat(Statistics.wilson95(0, 5)[0]).isCloseTo(0, within(1e-12));
    assertThat(Statistics.wilson95(0, 5)[1]).isCloseTo(0.4344825, within(1e-7));
    // 2 of 5: [0.117621, 0.769276]
    assertThat(Statistics.wilson95(2, 5)[0]).isCloseTo(0.1176208, within(1e-7));
    assertThat(Statistics.wilson95(2, 5)[1]).isCloseTo(0.7692757, within(1e-7));
    // 5 of 5: [1 - 0.434482, 1]
    assertThat(Statistics.wilson95(5, 5)[0]).isCloseTo(0.5655175, within(1e-7));
    assertThat(Statistics.wilson95(5, 5)[1]).isCloseTo(1, within(1e-12));
    assertThat(Statistics.wilson95(0, 0)).containsExactly(Double.NaN, Double.NaN);
    assertThatThrownBy(() -> Statistics.wilson95(3, 2)).hasMessageContaining("got 3");
  }
}
