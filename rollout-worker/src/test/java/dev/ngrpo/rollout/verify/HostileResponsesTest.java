package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pathological responses: each must be scored by the verifier itself (status SCORED, so it
 * finished within the time limit without the backstop) and score 0. The limit is generous
 * (5 s) because the machine running the tests is shared; the work is linear in the response.
 */
class HostileResponsesTest {
  private static final Duration LIMIT = Duration.ofSeconds(5);
  private static final TimeLimitedVerifier MATH =
      new TimeLimitedVerifier(new MathVerifier(AnswerFormat.NONE), LIMIT, 1f);
  private static final TimeLimitedVerifier ARITHMETIC =
      new TimeLimitedVerifier(new ArithmeticVerifier(AnswerFormat.NONE), LIMIT, 1f);
  private static final int MB = 1 << 20;

  @AfterAll
  static void close() {
    MATH.close();
    ARITHMETIC.close();
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("1 MB of prose", "lorem ipsum ".repeat(MB / 12), "5"),
        Arguments.of("1 MB of digits", "9".repeat(MB), "9"),
        Arguments.of("1 MB of digits in a box", "\\boxed{" + "9".repeat(MB) + "}", "9"),
        Arguments.of("1 MB of digits after the phrase", "the answer is " + "1".repeat(MB), "1"),
        Arguments.of("100k nested braces, balanced",
            "\\boxed{" + "{".repeat(100_000) + "5" + "}".repeat(100_000) + "}", "5"),
        Arguments.of("1 MB of opening braces", "\\boxed{" + "{".repeat(MB), "5"),
        Arguments.of("1 MB of closing braces", "}".repeat(MB) + "\\boxed{1", "1"),
        Arguments.of("100k boxes", "\\boxed{1}".repeat(100_000), "2"),
        Arguments.of("80k answer phrases", "the answer is ".repeat(80_000), "5"),
        Arguments.of("1 MB of backslashes", "\\".repeat(MB), "5"),
        Arguments.of("huge exponent, e notation", "\\boxed{1e999999999}", "1"),
        Arguments.of("huge exponent, power", "\\boxed{10^{999999999}}", "1"),
        Arguments.of("tower of powers", "\\boxed{9^{9^{9^{9^{9}}}}}", "1"),
        Arguments.of("400-deep tuple", "\\boxed{" + "(".repeat(400) + "1" + ")".repeat(400) + "}",
            "(".repeat(400) + "2" + ")".repeat(400)),
        Arguments.of("190 \\frac without arguments",
            "\\boxed{" + "\\frac".repeat(190) + "}", "1"),
        Arguments.of("1 MB of thousands groups", "1" + ",000".repeat(MB / 4), "1"),
        Arguments.of("lone surrogates", "\uD800\\boxed{\uDFFF}\uDBFF", "1"),
        Arguments.of("1 MB of slashes and dots", "1/2.".repeat(MB / 4), "1"),
        Arguments.of("zero denominator", "\\boxed{\\frac{1}{0}}", "1"),
        Arguments.of("NUL and control characters", "\u0000\u0001\\boxed{\u0007}", "1"));
  }

  @ParameterizedTest(name = "math: {0}")
  @MethodSource("hostile")
  void mathScoresZeroWithinTheLimit(String what, String response, String reference) {
    VerificationResult r = MATH.verify(response, reference);
    assertThat(r.status()).as(what).isEqualTo(VerificationResult.Status.SCORED);
    assertThat(r.reward()).as(what).isEqualTo(0f);
  }

  @ParameterizedTest(name = "arithmetic: {0}")
  @MethodSource("hostile")
  void arithmeticScoresZeroWithinTheLimit(String what, String response, String reference) {
    // The arithmetic verifier needs an integer reference: "(((...2)))" is not one, use 2.
    String integerReference = reference.startsWith("(") ? "2" : reference;
    VerificationResult r = ARITHMETIC.verify(response, integerReference);
    assertThat(r.status()).as(what).isEqualTo(VerificationResult.Status.SCORED);
    assertThat(r.reward()).as(what).isEqualTo(0f);
  }
}
