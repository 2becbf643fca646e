package dev.ngrpo.rollout.verify;

/**
 * A verifier's answer for one response: its score, and how the verifier reached it. Besides a
 * score it may say that it <em>rejected</em> the response, that is scored it 0 because the
 * response exceeded one of the verifier's safety caps (an answer, a number or a nesting too
 * large to examine), or that the response had <em>no answer</em>: no final answer in the form
 * the verifier requires ({@code ngrpo.verifier.format}: a {@code \boxed{}} for {@code boxed}),
 * so it scored 0 without being compared.
 *
 * <p>The distinctions matter only for the metrics: a rejected response is counted with the
 * time-outs and failures ({@link TimeLimitedVerifier#rejected()}, {@link
 * GroupVerification#rejected()}); one without an answer is a format failure
 * ({@link GroupVerification#unanswered()}), which tells a policy that has not learned the
 * format from one that answers wrongly; a wrong answer is neither.
 *
 * @param score the correctness in {@code [0, 1]}; the range is checked where the score leaves the verifier,
 *     by {@link TimeLimitedVerifier}, so that a verifier breaking it is counted as a failure
 * @param rejected true when the response exceeded a cap; then the score is 0
 * @param unanswered true when the response had no final answer in the required form; then the
 *     score is 0 and it is not rejected
 */
public record Verdict(float score, boolean rejected, boolean unanswered) {
  /** The verdict on a response that exceeded a cap. */
  public static final Verdict REJECTED = new Verdict(0f, true, false);

  /** The verdict on a response without a final answer in the required form. */
  public static final Verdict NO_ANSWER = new Verdict(0f, false, true);

  public Verdict {
    if (rejected && unanswered) {
      throw new IllegalArgumentException("a verdict is rejected or unanswered, not both");
    }
    if ((rejected || unanswered) && score != 0f) {
      throw new IllegalArgumentException((rejected ? "a rejected" : "an unanswered")
          + " response must score 0, got " + score);
    }
  }

  /** The verdict on a response whose answer was examined and scored {@code score}. */
  public static Verdict scored(float score) {
    return new Verdict(score, false, false);
  }
}
