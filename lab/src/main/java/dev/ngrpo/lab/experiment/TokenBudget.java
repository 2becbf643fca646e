package dev.ngrpo.lab.experiment;

import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.orchestrator.train.EvalResult;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import java.util.Optional;

/**
 * Ends a run at the first step at which the response tokens it has generated (every rollout
 * round's {@code rollout.tokens}) reach a budget: another method's tokens with the same seed
 * ({@link ExperimentMethod#tokensOf}). It stops after the step that reaches the budget, not
 * before, so the run generates at least the budget and at most one step's tokens more.
 */
final class TokenBudget implements TrainingLoop.StopRule {
  private final long budget;
  private final String of;
  private long generated;

  /**
   * @param budget response tokens (positive)
   * @param of whose tokens these are, for the reason given
   */
  TokenBudget(long budget, String of) {
    if (budget <= 0) {
      throw new IllegalArgumentException("the token budget must be positive, got " + budget);
    }
    this.budget = budget;
    this.of = of;
  }

  @Override
  public Optional<String> after(EvalResult eval) {
    return Optional.empty();
  }

  @Override
  public Optional<String> afterStep(StepMetrics metrics) {
    generated += (long) metrics.get(MetricNames.ROLLOUT_TOKENS);
    if (generated < budget) {
      return Optional.empty();
    }
    return Optional.of(String.format("%,d response tokens generated, at least the %,d of %s's"
        + " run with this seed (tokens-of)", generated, budget, of));
  }
}
