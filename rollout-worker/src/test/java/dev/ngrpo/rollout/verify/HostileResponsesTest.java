package dev.ngrpo.rollout.verify;

import static dev.ngrpo.rollout.verify.VerificationResult.Status.NO_ANSWER;
import static dev.ngrpo.rollout.verify.VerificationResult.Status.REJECTED;
import static dev.ngrpo.rollout.verify.VerificationResult.Status.SCORED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.core.data.Grading;
import dev.ngrpo.rollout.verify.VerificationResult.Status;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pathological responses: each must be answered by the verifier itself, within the time limit
 * without the backstop, with reward 0. Where the response exceeds one of the verifier's caps
 * the status is REJECTED, so it is counted; where it stays within them it is NO_ANSWER when the
 * verifier finds no answer (no box, phrase or number, a malformed box; for the arithmetic
 * verifier anything but an integer), a format failure, else an ordinary wrong answer (an
 * exponent compared as a string), SCORED 0. The limit is
 * generous (5 s) because the machine running the tests is shared; the work is linear in the
 * response.
 */
class HostileResponsesTest {
  private static final Duration LIMIT = Duration.ofSeconds(5);
  private static final TimeLimitedVerifier MATH =
      new TimeLimitedVerifier(new MathVerifier(AnswerFormat.NONE), LIMIT);
  private static final TimeLimitedVerifier ARITHMETIC =
      new TimeLimitedVerifier(new ArithmeticVerifier(AnswerFormat.NONE), LIMIT);
  private static final int MB = 1 << 20;

  @AfterAll
  static void close() {
    MATH.close();
    ARITHMETIC.close();
  }

  /**
   * (what, response, reference, math status, arithmetic status). The arithmetic verifier reads
   * the whole response as an integer, so only a bare run of digits is over its cap.
   */
  static Stream<Arguments> hostile() {
    return Stream.of(
        // no answer at all
        Arguments.of("1 MB of prose", "lorem ipsum ".repeat(MB / 12), "5", NO_ANSWER, NO_ANSWER),
        // last number longer than 1000 characters; integer longer than 100 digits
        Arguments.of("1 MB of digits", "9".repeat(MB), "9", REJECTED, REJECTED),
        // box content longer than 1000 characters
        Arguments.of("1 MB of digits in a box", "\\boxed{" + "9".repeat(MB) + "}", "9",
            REJECTED, NO_ANSWER),
        // sentence after the phrase, then the last number: both over 1000 characters
        Arguments.of("1 MB of digits after the phrase", "the answer is " + "1".repeat(MB), "1",
            REJECTED, NO_ANSWER),
        // box content of 200,001 characters
        Arguments.of("100k nested braces, balanced",
            "\\boxed{" + "{".repeat(100_000) + "5" + "}".repeat(100_000) + "}", "5",
            REJECTED, NO_ANSWER),
        // the box is still open after 1000 characters
        Arguments.of("1 MB of opening braces", "\\boxed{" + "{".repeat(MB), "5",
            REJECTED, NO_ANSWER),
        // the last box is short and unclosed: malformed, within the cap
        Arguments.of("1 MB of closing braces", "}".repeat(MB) + "\\boxed{1", "1",
            NO_ANSWER, NO_ANSWER),
        // the last box holds 1, a wrong answer
        Arguments.of("100k boxes", "\\boxed{1}".repeat(100_000), "2", SCORED, NO_ANSWER),
        // nothing after the last phrase, no number
        Arguments.of("80k answer phrases", "the answer is ".repeat(80_000), "5",
            NO_ANSWER, NO_ANSWER),
        Arguments.of("1 MB of backslashes", "\\".repeat(MB), "5", NO_ANSWER, NO_ANSWER),
        // exponents are never evaluated: they compare as strings
        Arguments.of("huge exponent, e notation", "\\boxed{1e999999999}", "1", SCORED, NO_ANSWER),
        Arguments.of("huge exponent, power", "\\boxed{10^{999999999}}", "1", SCORED, NO_ANSWER),
        Arguments.of("tower of powers", "\\boxed{9^{9^{9^{9^{9}}}}}", "1", SCORED, NO_ANSWER),
        // same-shape tuples nested deeper than MathEquivalence.MAX_DEPTH
        Arguments.of("400-deep tuple", "\\boxed{" + "(".repeat(400) + "1" + ")".repeat(400) + "}",
            "(".repeat(400) + "2" + ")".repeat(400), REJECTED, NO_ANSWER),
        // 950 characters of commands, no number
        Arguments.of("190 \\frac without arguments",
            "\\boxed{" + "\\frac".repeat(190) + "}", "1", SCORED, NO_ANSWER),
        // last number longer than 1000 characters
        Arguments.of("1 MB of thousands groups", "1" + ",000".repeat(MB / 4), "1",
            REJECTED, NO_ANSWER),
        Arguments.of("lone surrogates", "\uD800\\boxed{\uDFFF}\uDBFF", "1", SCORED, NO_ANSWER),
        // the last number is 2.1/2 = 1.05, a wrong answer
        Arguments.of("1 MB of slashes and dots", "1/2.".repeat(MB / 4), "1", SCORED, NO_ANSWER),
        Arguments.of("zero denominator", "\\boxed{\\frac{1}{0}}", "1", SCORED, NO_ANSWER),
        Arguments.of("NUL and control characters", "\u0000\u0001\\boxed{\u0007}", "1",
            SCORED, NO_ANSWER));
  }

  @ParameterizedTest(name = "math: {0}")
  @MethodSource("hostile")
  void mathScoresZeroWithinTheLimit(String what, String response, String reference,
      Status math, Status arithmetic) {
    VerificationResult r = MATH.verify(response, reference);
    assertThat(r).as(what).isEqualTo(new VerificationResult(0f, math));
  }

  @ParameterizedTest(name = "arithmetic: {0}")
  @MethodSource("hostile")
  void arithmeticScoresZeroWithinTheLimit(String what, String response, String reference,
      Status math, Status arithmetic) {
    VerificationResult r = ARITHMETIC.verify(response, integerReference(reference));
    assertThat(r).as(what).isEqualTo(new VerificationResult(0f, arithmetic));
  }

  @Test
  void everyRejectionIsCounted() {
    List<Arguments> cases = hostile().toList();
    long mathRejections = cases.stream().filter(c -> c.get()[3] == REJECTED).count();
    long arithmeticRejections = cases.stream().filter(c -> c.get()[4] == REJECTED).count();
    assertThat(mathRejections).isEqualTo(7);
    assertThat(arithmeticRejections).isEqualTo(1);
    try (TimeLimitedVerifier math =
            new TimeLimitedVerifier(new MathVerifier(AnswerFormat.NONE), LIMIT);
        TimeLimitedVerifier arithmetic =
            new TimeLimitedVerifier(new ArithmeticVerifier(AnswerFormat.NONE), LIMIT)) {
      for (Arguments c : cases) {
        math.verify((String) c.get()[1], (String) c.get()[2]);
        arithmetic.verify((String) c.get()[1], integerReference((String) c.get()[2]));
      }
      // 20 responses each: 7 + 13 for math, 1 + 19 for arithmetic; none timed out or failed.
      assertThat(List.of(math.rejected(), math.scored(), math.timeouts(), math.failures()))
          .containsExactly(7L, 13L, 0L, 0L);
      assertThat(List.of(arithmetic.rejected(), arithmetic.scored(), arithmetic.timeouts(),
          arithmetic.failures())).containsExactly(1L, 19L, 0L, 0L);
    }
  }

  @Test
  void aGroupCountsItsRejectionsAndMissingAnswersApartFromWrongAnswers() {
    List<String> group = List.of(
        "9".repeat(MB), // last number over the cap: rejected
        "\\boxed{" + "9".repeat(MB) + "}", // box over the cap: rejected
        "\\boxed{9}", // right: 1
        "\\boxed{8}", // wrong: 0
        "lorem ipsum ".repeat(MB / 12), // no answer: 0, a format failure
        "\\boxed{" + "{".repeat(MB), // box still open after the cap: rejected
        "}".repeat(MB) + "\\boxed{9"); // malformed box: 0, a format failure
    GroupVerification g = MATH.verifyGroup(group, "9");
    // 7 responses: 3 rejected, 2 without an answer, 2 scored (one of them right).
    assertThat(g).isEqualTo(
        new GroupVerification(new float[] {0f, 0f, 1f, 0f, 0f, 0f, 0f}, 0, 0, 3, 2, ""));
    // rejections and missing answers are verdicts: every response was graded
    assertThat(g.grading()).isEqualTo(new Grading(3, 0, 2, ""));
  }

  /** The arithmetic verifier needs an integer reference: "(((...2)))" is not one, use 2. */
  private static String integerReference(String reference) {
    return reference.startsWith("(") ? "2" : reference;
  }
}
