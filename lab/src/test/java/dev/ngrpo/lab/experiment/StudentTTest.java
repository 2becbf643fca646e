package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StudentTTest {
  @Test
  void theTabulatedTwoSidedFivePercentPointsGiveFivePercent() {
    // t_{0.975} tables: 2.776 for df 4, 12.706 for df 1 (rounded to three decimals)
    assertThat(StudentT.twoSidedP(2.776, 4)).isCloseTo(0.05, within(1e-3));
    assertThat(StudentT.twoSidedP(12.706, 1)).isCloseTo(0.05, within(1e-4));
    assertThat(StudentT.twoSidedP(-2.776, 4)).isEqualTo(StudentT.twoSidedP(2.776, 4));
  }

  @Test
  void closedFormsForOneAndTwoDegreesOfFreedom() {
    // df 1 (Cauchy): p = 1 - (2 / pi) atan|t|; at t = 1, 1 - (2 / pi)(pi / 4) = 0.5
    assertThat(StudentT.twoSidedP(1, 1)).isCloseTo(0.5, within(1e-12));
    // df 2: p = 1 - |t| / sqrt(2 + t^2); at t = 5, 1 - 5 / sqrt(27) = 0.0377495513506...
    assertThat(StudentT.twoSidedP(5, 2)).isCloseTo(1 - 5 / Math.sqrt(27), within(1e-12))
        .isCloseTo(0.03774955135, within(1e-10));
  }

  @Test
  void agreesWithScipyElsewhere() {
    // scipy 1.17: 2 * stats.t.sf(2, 10), 2 * stats.t.sf(10, 30)
    assertThat(StudentT.twoSidedP(2, 10)).isCloseTo(0.07338803477074037, within(1e-9));
    assertThat(StudentT.twoSidedP(10, 30) / 4.575251408229618e-11).isCloseTo(1, within(1e-6));
    // many degrees of freedom: the normal's 1.959964 gives 0.05
    assertThat(StudentT.twoSidedP(1.959964, 1e7)).isCloseTo(0.05, within(1e-5));
  }

  @Test
  void zeroInfinityAndNaN() {
    assertThat(StudentT.twoSidedP(0, 3)).isEqualTo(1.0);
    assertThat(StudentT.twoSidedP(Double.POSITIVE_INFINITY, 3)).isEqualTo(0.0);
    assertThat(StudentT.twoSidedP(Double.NaN, 3)).isNaN();
    assertThatThrownBy(() -> StudentT.twoSidedP(1, 0)).hasMessageContaining("got 0.0");
  }

  @Test
  void theIncompleteBetaAndLogGammaAtHandValues() {
    // I_x(2, 3) = sum_{j=2..4} C(4, j) x^j (1 - x)^(4 - j); at 0.4: 0.3456 + 0.1536 + 0.0256
    assertThat(StudentT.regularizedBeta(0.4, 2, 3)).isCloseTo(0.5248, within(1e-12));
    // I_x(1/2, 1/2) = (2 / pi) asin(sqrt(x)), on the far side of (a + 1) / (a + b + 2) too
    assertThat(StudentT.regularizedBeta(0.3, 0.5, 0.5))
        .isCloseTo(2 / Math.PI * Math.asin(Math.sqrt(0.3)), within(1e-12));
    assertThat(StudentT.regularizedBeta(0.9, 0.5, 0.5))
        .isCloseTo(2 / Math.PI * Math.asin(Math.sqrt(0.9)), within(1e-12));
    assertThat(StudentT.regularizedBeta(0, 2, 3)).isEqualTo(0.0);
    assertThat(StudentT.regularizedBeta(1, 2, 3)).isEqualTo(1.0);
    // ln Gamma(1/2) = ln sqrt(pi); ln Gamma(10) = ln 9! = ln 362880
    assertThat(StudentT.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-9));
    assertThat(StudentT.logGamma(10)).isCloseTo(Math.log(362880), within(1e-9));
  }
}
