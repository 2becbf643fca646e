package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.orchestrator.train.EvalResult;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The experiment's stop rules: {@link Plateau} and {@link TokenBudget}. */
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

  @Test
  void aTokenBudgetEndsTheRunAtTheStepThatReachesIt() {
    TokenBudget budget = new TokenBudget(1000, "grpo");
    assertThat(budget.afterStep(step(0, 400))).isEmpty();
    assertThat(budget.afterStep(step(1, 599))).isEmpty();
    assertThat(budget.afterStep(step(2, 2))).hasValue("1,001 response tokens generated, at"
        + " least the 1,000 of grpo's run with this seed (tokens-of)");
    assertThat(budget.after(eval(3, 1.0))).isEmpty();
    assertThatThrownBy(() -> new TokenBudget(0, "grpo")).hasMessageContaining("got 0");
  }

  @Test
  void eitherRuleEndsTheRunAndBothKeepCounting() {
    TrainingLoop.StopRule both = new Plateau(10, 0.5).or(new TokenBudget(100, "grpo"));
    assertThat(both.afterStep(step(0, 60))).isEmpty();
    assertThat(both.after(eval(5, 0.4))).isEmpty();
    assertThat(both.afterStep(step(1, 40))).hasValueSatisfying(why -> assertThat(why)
        .startsWith("100 response tokens"));
    assertThat(both.after(eval(10, 0.4))).hasValueSatisfying(why -> assertThat(why)
        .startsWith("greedy held-out accuracy has not risen above 0.500"));
  }

  private static StepMetrics step(long step, long tokens) {
    return StepMetrics.builder(step).put(MetricNames.ROLLOUT_TOKENS, tokens).build();
  }
}
