package dev.ngrpo.rollout.verify;

import java.util.Objects;

/**
 * The {@code math} verifier: MATH-style answer checking as used by the NGRPO evaluation.
 * Scores 1 when the response's final answer equals the reference, else 0.
 *
 * <ol>
 *   <li>Final answer ({@link FinalAnswer}): the content of the last {@code \boxed{...}} or
 *       {@code \fbox{...}} (brace-balanced), else the text after the last "the answer is",
 *       else the last number. With {@link AnswerFormat#BOXED} only a box counts.</li>
 *   <li>Both the answer and the reference are normalized ({@link MathNormalization}). A
 *       reference that itself holds a box (a raw MATH solution) is reduced to its box's
 *       content first.</li>
 *   <li>Equal when the normalized strings match, or both are numbers equal within relative
 *       {@code 1e-4}, or both are tuples/intervals equal element by element
 *       ({@link MathEquivalence}).</li>
 * </ol>
 *
 * <p>Bounded work on any response: each step is one pass over the text, and caps bound the
 * rest. A response is {@link Verdict#REJECTED} (scored 0, and counted: see {@link #judge}) when
 * <ul>
 *   <li>its final answer is longer than {@value FinalAnswer#MAX_ANSWER_CHARS} characters (it
 *       is not normalized);</li>
 *   <li>a number of its answer that is compared with a number of the reference has more than
 *       {@value MathNumber#MAX_DIGITS} digits (it is not evaluated);</li>
 *   <li>its answer and the reference are tuples of the same shape nested more than
 *       {@value MathEquivalence#MAX_DEPTH} levels deep.</li>
 * </ul>
 * A response with no final answer (with {@link AnswerFormat#BOXED}: no box; or a malformed or
 * empty box) is {@link Verdict#NO_ANSWER}: it scores 0 and counts as a format failure. A wrong
 * answer within the caps scores 0 and is neither. A
 * reference longer than {@value #MAX_REFERENCE_CHARS} characters or with a malformed or
 * over-long box is a data error and throws {@link IllegalArgumentException}.
 */
public final class MathVerifier extends CappedVerifier {
  /** Longest reference answer accepted. */
  public static final int MAX_REFERENCE_CHARS = 10_000;

  private final AnswerFormat format;

  /** A verifier requiring answers in {@code format}. */
  public MathVerifier(AnswerFormat format) {
    this.format = Objects.requireNonNull(format, "format");
  }

  @Override
  public Verdict judge(String response, String referenceAnswer) {
    FinalAnswer answer = FinalAnswer.of(response, format);
    if (answer.overCap()) {
      return Verdict.REJECTED;
    }
    if (answer.text() == null || answer.text().isBlank()) {
      return Verdict.NO_ANSWER;
    }
    String expected = MathNormalization.normalize(reference(referenceAnswer));
    return MathEquivalence.judge(MathNormalization.normalize(answer.text()), expected);
  }

  private static String reference(String referenceAnswer) {
    if (referenceAnswer.length() > MAX_REFERENCE_CHARS) {
      throw new IllegalArgumentException("reference answer of " + referenceAnswer.length()
          + " characters is longer than " + MAX_REFERENCE_CHARS + ": '"
          + referenceAnswer.substring(0, 40) + "...'");
    }
    if (!referenceAnswer.contains("\\boxed") && !referenceAnswer.contains("\\fbox")) {
      return referenceAnswer;
    }
    FinalAnswer boxed = FinalAnswer.lastBoxed(referenceAnswer);
    if (boxed.overCap()) {
      throw new IllegalArgumentException("reference answer has a box longer than "
          + FinalAnswer.MAX_ANSWER_CHARS + " characters: '" + referenceAnswer.substring(0, 40)
          + "...'");
    }
    if (boxed.text() == null) {
      throw new IllegalArgumentException("reference answer has a malformed box: '"
          + referenceAnswer + "'");
    }
    return boxed.text();
  }

  @Override
  public String toString() {
    return "math(format=" + format.configName() + ")";
  }
}
