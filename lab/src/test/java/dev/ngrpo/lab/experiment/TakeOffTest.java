package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TakeOffTest {
  private static List<double[]> curve(double... accuracies) {
    // step 0 (the base), then every 10 steps
    return IntStream.range(0, accuracies.length)
        .mapToObj(i -> new double[] {10.0 * i, accuracies[i]}).toList();
  }

  @Test
  void theFirstStepFromWhichAccuracyStaysAboveTheLine() {
    // line 0.25 + 0.25 = 0.5: step 10 is above but step 20 falls back; above from 30 on
    assertThat(TakeOff.step(curve(0.25, 0.6, 0.4, 0.55, 0.7), 0.25, 0.25)).isEqualTo(30);
    // above at 10 and every later evaluation
    assertThat(TakeOff.step(curve(0.25, 0.6, 0.51, 0.55), 0.25, 0.25)).isEqualTo(10);
  }

  @Test
  void neverWhenTheLastEvaluationIsNotAboveOrOnlyTheBaseIs() {
    assertThat(TakeOff.step(curve(0.25, 0.6, 0.7, 0.45), 0.25, 0.25)).isEqualTo(-1);
    // exactly on the line is not above it
    assertThat(TakeOff.step(curve(0.25, 0.5, 0.5), 0.25, 0.25)).isEqualTo(-1);
    // a step-0 point above the line is the base, not a take-off
    assertThat(TakeOff.step(curve(0.9, 0.2), 0.25, 0.25)).isEqualTo(-1);
    assertThat(TakeOff.step(curve(0.25), 0.25, 0.25)).isEqualTo(-1);
  }

  @Test
  void doublingCountsTheFirstTimeAtTwiceTheBase() {
    // 2 x 0.25 = 0.5: first reached at step 20, kept or not
    assertThat(TakeOff.doublingStep(curve(0.25, 0.4, 0.5, 0.1), 0.25)).isEqualTo(20);
    assertThat(TakeOff.doublingStep(curve(0, 0.4), 0)).isEqualTo(-1);
  }
}
