package dev.ngrpo.rollout.verify;

/**
 * A reward function of verifiable correctness: scores one response against the prompt's
 * reference answer.
 *
 * <p>Contract, for built-ins and user implementations alike:
 * <ul>
 *   <li>{@link #score} returns a fraction in {@code [0, 1]} (1 = fully correct). Scores
 *       travel to the learner as they are; only the learner turns them into rewards
 *       ({@code r = score * r_max}), so a verifier never needs to know {@code r_max}.</li>
 *   <li>It must return for any response text (empty, megabytes long, unbalanced LaTeX, invalid
 *       numbers) without throwing. An exception, a value outside {@code [0, 1]} or a run past the
 *       time limit is no verdict: {@link TimeLimitedVerifier} counts the response as ungraded
 *       and the learner leaves its group out.</li>
 *   <li>A reference it can never compare against fails {@link #checkReference}, so the
 *       dataset reader turns the row into a bad row before training starts.</li>
 *   <li>A verifier that bounds its work with caps (answer length, digits, nesting) says so
 *       through {@link #judge}: a response it gives up on at a cap is {@link Verdict#REJECTED},
 *       scored 0 and counted; a response it examined and found wrong is not.</li>
 *   <li>One instance is shared by the threads of an executor JVM: implementations are
 *       stateless or thread-safe.</li>
 * </ul>
 *
 * <p>User implementations are found by {@link Verifiers}: by fully-qualified class name (a
 * public no-arg constructor) or through a {@link VerifierProvider} registered with
 * {@link java.util.ServiceLoader}.
 */
public interface Verifier {

  /**
   * Correctness of {@code response} with respect to {@code referenceAnswer}, in {@code [0, 1]}.
   *
   * @param response the generated text, without the prompt and without the stop token
   * @param referenceAnswer the ground truth of the prompt
   */
  float score(String response, String referenceAnswer);

  /**
   * The score of {@code response} together with whether it was rejected for exceeding the
   * verifier's safety caps (see {@link Verdict}); this is what {@link TimeLimitedVerifier}
   * calls. The default is {@link #score} and never rejects, so a verifier that only implements
   * {@link #score} keeps working; a verifier with caps overrides this and has {@link #score}
   * return {@code judge(response, referenceAnswer).score()}.
   */
  default Verdict judge(String response, String referenceAnswer) {
    return Verdict.scored(score(response, referenceAnswer));
  }

  /**
   * Checks, when a dataset is read, that responses to a prompt with this reference answer can
   * be graded at all. The default accepts every reference.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code referenceAnswer}
   */
  default void checkReference(String referenceAnswer) {}
}
