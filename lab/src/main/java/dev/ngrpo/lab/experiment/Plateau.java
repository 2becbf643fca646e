package dev.ngrpo.lab.experiment;

import dev.ngrpo.orchestrator.train.EvalResult;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import java.util.Optional;

/**
 * Ends a run whose greedy held-out accuracy has plateaued: no evaluation has risen above the
 * best one before it for {@code patience} steps. The best starts at the base model's accuracy,
 * at step 0, so a run that never beats the base model stops after {@code patience} steps.
 *
 * <p>Why: in the hard regime a run either takes off or sits flat, and a flat run's remaining
 * steps cost as much as a learning run's. A rise must be strict: a run that only equals its
 * best is flat. A run that falls after its best also stops, {@code patience} steps after the
 * best, and its final weights are those of the stop, not of the best.
 */
final class Plateau implements TrainingLoop.StopRule {
  private final int patience;
  private double best;
  private long bestStep;

  /**
   * @param patience steps without a new best that end the run (positive)
   * @param baseAccuracy the base model's greedy held-out accuracy (the best at step 0)
   */
  Plateau(int patience, double baseAccuracy) {
    if (patience <= 0) {
      throw new IllegalArgumentException("patience must be positive, got " + patience);
    }
    this.patience = patience;
    this.best = baseAccuracy;
  }

  @Override
  public Optional<String> after(EvalResult eval) {
    if (eval.accuracy() > best) {
      best = eval.accuracy();
      bestStep = eval.step();
      return Optional.empty();
    }
    if (eval.step() - bestStep < patience) {
      return Optional.empty();
    }
    return Optional.of(String.format("greedy held-out accuracy has not risen above %.3f"
        + " (step %d) for %d steps (ngrpo.experiment.plateau-steps = %d)", best, bestStep,
        eval.step() - bestStep, patience));
  }
}
