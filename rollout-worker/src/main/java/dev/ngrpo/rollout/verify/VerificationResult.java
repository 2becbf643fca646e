package dev.ngrpo.rollout.verify;

/**
 * The reward of one response and how it was reached.
 *
 * @param reward {@code score * r_max} when {@link Status#SCORED}, else 0
 * @param status whether the verifier answered in time and within its contract, and whether it
 *     examined the response or rejected it at a cap
 */
public record VerificationResult(float reward, Status status) {

  /** How a verification ended. */
  public enum Status {
    /** The verifier returned a score in {@code [0, 1]} within the time limit. */
    SCORED,
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
    if (!(reward >= 0f) || Float.isInfinite(reward)) {
      throw new IllegalArgumentException("reward must be finite and >= 0, got " + reward);
    }
    if (status != Status.SCORED && reward != 0f) {
      throw new IllegalArgumentException("a " + status + " verification must score 0, got "
          + reward);
    }
  }
}
