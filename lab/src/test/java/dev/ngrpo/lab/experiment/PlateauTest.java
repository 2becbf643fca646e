package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.orchestrator.train.EvalResult;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlateauTest {
  private static EvalResult eval(long step, double accuracy) {
    return new EvalResult("step " + step, step, 200, 0, 1, accuracy, accuracy,
        Map.of(1, accuracy), 0.1);
  }

  @Test
  void aRunThatNeverBeatsTheBaseStopsAfterThePatience() {
    Plateau plateau = new Plateau(30, 0.20);
    assertThat(plateau.after(eval(10, 0.20))).isEmpty();
    assertThat(plateau.after(eval(20, 0.15))).isEmpty();
    // a tie with the best is no rise
    assertThat(plateau.after(eval(30, 0.20))).hasValueSatisfying(why -> assertThat(why)
        .isEqualTo("greedy held-out accuracy has not risen above 0.200 (step 0) for 30 steps"
            + " (ngrpo.experiment.plateau-steps = 30)"));
  }

  @Test
  void eachRiseRestartsThePatienceFromItsStep() {
    Plateau plateau = new Plateau(20, 0.10);
    assertThat(plateau.after(eval(10, 0.11))).isEmpty();
    assertThat(plateau.after(eval(20, 0.30))).isEmpty();
    assertThat(plateau.after(eval(30, 0.29))).isEmpty();
    assertThat(plateau.after(eval(40, 0.31))).isEmpty();
    assertThat(plateau.after(eval(50, 0.05))).isEmpty();
    Optional<String> stop = plateau.after(eval(60, 0.31));
    assertThat(stop).hasValueSatisfying(why -> assertThat(why)
        .startsWith("greedy held-out accuracy has not risen above 0.310 (step 40) for 20"));
  }

  @Test
  void patienceMustBePositive() {
    assertThatThrownBy(() -> new Plateau(0, 0.1)).hasMessageContaining("got 0");
  }
}
