package dev.ngrpo.learner.step;

/**
 * Training stopped because too many consecutive steps had a non-finite loss or gradient norm.
 * The weights and optimizer state are those before the first of these steps' skipped updates.
 */
public final class NonFiniteStepsException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  NonFiniteStepsException(String message) {
    super(message);
  }
}
