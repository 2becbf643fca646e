package dev.ngrpo.rollout.verify;

/**
 * The score of one response and how it was reached.
 *
 * @param score the verifier's score in {@code [0, 1]} when {@link Status#SCORED}, else 0
 * @param status whether the verifier answered in time and within its contract, and whether it
 *     examined the response's answer, found none in the required form, or rejected it at a cap
 */
public record VerificationResult(float score, Status status) {

  /** How a verification ended. */
  public enum Status {
    /** The verifier returned a score in {@code [0, 1]} within the time limit. */
    SCORED,
    /**
     * The verifier found no final answer in the form it requires ({@link Verdict#NO_ANSWER}):
     * a verdict, scoring 0, and a format failure.
     */
    NO_ANSWER,
    /**
     * The verifier gave up on the response because it exceeded one of the verifier's caps
     * ({@link Verdict#REJECTED}); the response scores 0.
     */
    REJECTED,
    /** The verifier ran past the time limit; the response scores 0. */
    TIMED_OUT,
    /** The verifier threw or returned a value outside {@code [0, 1]}; the response scores 0. */
    FAILED
  }

  public VerificationResult {
    if (!(score >= 0f && score <= 1f)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
    if (status != Status.SCORED && score != 0f) {
      throw new IllegalArgumentException("a " + status + " verification must score 0, got "
          + score);
    }
  }
}
