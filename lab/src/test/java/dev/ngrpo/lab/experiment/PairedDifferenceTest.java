package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
  private static final double[] GRPO = {0.20, 0.20, 0.30};

  @Test
  void aTinyPairedSampleByHand() {
    // d = 0.10, 0.05, 0.10: mean 1/12 = 0.083333, sd = sqrt((2 x 0.016667^2 + 0.033333^2) / 2)
    // = 0.028868, se = sd / sqrt(3) = 1/60, t = (1/12) / (1/60) = 5, df 2:
    // p = 1 - 5 / sqrt(27) = 0.037750; 95% interval 1/12 -/+ 4.303 / 60 = [0.011617, 0.155050]
    PairedDifference d = PairedDifference.of(new double[] {0.30, 0.25, 0.40}, GRPO);
    assertThat(d.seeds()).isEqualTo(3);
    assertThat(d.mean()).isCloseTo(1.0 / 12, within(1e-12));
    assertThat(d.t()).isCloseTo(5, within(1e-9));
    assertThat(d.p()).isCloseTo(0.0377496, within(1e-7));
    assertThat(d.low()).isCloseTo(0.0116167, within(1e-7));
    assertThat(d.high()).isCloseTo(0.1550500, within(1e-7));
  }

  @Test
  void oneSeedHasNoSpreadAndEqualDifferencesAreDegenerate() {
    PairedDifference one = PairedDifference.of(new double[] {0.5}, new double[] {0.25});
    assertThat(one.mean()).isEqualTo(0.25);
    assertThat(new double[] {one.low(), one.high(), one.t(), one.p()}).containsOnly(Double.NaN);
    PairedDifference same = PairedDifference.of(GRPO, GRPO);
    assertThat(same.t()).isEqualTo(0.0);
    assertThat(same.p()).isEqualTo(1.0);
    PairedDifference shifted = PairedDifference.of(new double[] {0.5, 0.5}, new double[] {0.25,
        0.25});
    assertThat(shifted.t()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(shifted.p()).isEqualTo(0.0);
    assertThatThrownBy(() -> PairedDifference.of(new double[] {1}, GRPO))
        .hasMessageContaining("got 1 and 3");
  }

  @Test
  void comparisonsAreCorrectedTogetherAndLeaveTheReferenceOut() {
    // p: ngrpo 0.037750 (above), dapo (d = 0.01, 0.02, 0.03: t = 0.02 / (0.01 / sqrt 3)
    // = 3.4641, p = 1 - 3.4641 / sqrt(14) = 0.074180); Holm with m = 2: 2 x 0.037750 =
    // 0.075499, then max(0.075499, 0.074180): both 0.075499, so neither survives at 0.05
    // although ngrpo's raw p is below it
    List<Comparison> c = Comparison.against("grpo", List.of("ngrpo", "grpo", "dapo"),
        m -> switch (m) {
          case "grpo" -> GRPO;
          case "ngrpo" -> new double[] {0.30, 0.25, 0.40};
          default -> new double[] {0.21, 0.22, 0.33};
        });
    assertThat(c).extracting(Comparison::method).containsExactly("ngrpo", "dapo");
    assertThat(c).extracting(Comparison::reference).containsOnly("grpo");
    assertThat(c.get(0).difference().p()).isLessThan(Comparison.ALPHA);
    assertThat(c.get(1).difference().p()).isCloseTo(0.0741799, within(1e-7));
    assertThat(c).allSatisfy(x -> {
      assertThat(x.holmP()).isCloseTo(0.0754991, within(1e-7));
      assertThat(x.significant()).isFalse();
    });
  }
}
