package dev.ngrpo.rollout.verify;

/**
 * A verifier's answer for one response: its score, and whether the verifier <em>rejected</em>
 * the response, that is scored it 0 because the response exceeded one of the verifier's safety
 * caps (an answer, a number or a nesting too large to examine) rather than because it examined
 * the answer and found it wrong.
 *
 * <p>The distinction matters only for the metrics: a rejected response is counted with the
 * time-outs and failures ({@link TimeLimitedVerifier#rejected()}, {@link
 * GroupVerification#rejected()}), a wrong answer is not.
 *
 * @param score the correctness in {@code [0, 1]}; the range is checked where the score leaves the verifier,
 *     by {@link TimeLimitedVerifier}, so that a verifier breaking it is counted as a failure
 * @param rejected true when the response exceeded a cap; then the score is 0
 */
public record Verdict(float score, boolean rejected) {
  /** The verdict on a response that exceeded a cap. */
  public static final Verdict REJECTED = new Verdict(0f, true);

  public Verdict {
    if (rejected && score != 0f) {
      throw new IllegalArgumentException("a rejected response must score 0, got " + score);
    }
  }

  /** The verdict on a response that was examined and scored {@code score}. */
  public static Verdict scored(float score) {
    return new Verdict(score, false);
  }
}
