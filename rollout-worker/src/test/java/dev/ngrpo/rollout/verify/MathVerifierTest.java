package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MathVerifierTest {
  private static final MathVerifier ANY = new MathVerifier(AnswerFormat.NONE);
  private static final MathVerifier BOXED = new MathVerifier(AnswerFormat.BOXED);

  /** (response, reference): the verifier must score 1. The comment says which rule applies. */
  static Stream<Arguments> equal() {
    return Stream.of(
        // final answer extraction
        Arguments.of("So the total is \\boxed{82}.", "82"), // plain box
        Arguments.of("First \\boxed{3}, but corrected: \\boxed{4}", "4"), // the last box counts
        Arguments.of("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}"), // nested braces balanced
        Arguments.of("\\fbox{7}", "7"), // \fbox is a box too
        Arguments.of("$\\boxed 5$", "5"), // "\boxed 5" form: one token
        Arguments.of("Adding up, the answer is 12. Done.", "12"), // sentence after the phrase
        Arguments.of("The Answer Is: $\\frac{3}{4}$", "\\frac34"), // any case, ':' and $ dropped
        Arguments.of("3 apples plus 4 apples make 7 apples", "7"), // last number
        Arguments.of("so the result: -15", "-15"), // last number keeps its sign
        Arguments.of("it costs 2.50 dollars", "2.5"), // last number, decimal; 2.50 = 2.5
        Arguments.of("a population of 1,234,567 people", "1234567"), // thousands commas
        Arguments.of("\\boxed{5}", "The sum is \\boxed{5}."), // a boxed reference is unboxed
        // normalization
        Arguments.of("\\boxed{\\left( 1, 2 \\right)}", "(1,2)"), // \left \right and spaces
        Arguments.of("\\boxed{10\\!000}", "10000"), // \! dropped
        Arguments.of("\\boxed{ x + 1 }", "x+1"), // spaces dropped
        Arguments.of("\\boxed{$5$}", "5"), // $ dropped
        Arguments.of("\\boxed{5.}", "5"), // trailing period dropped
        Arguments.of("\\boxed{5\\text{ cm}}", "5"), // unit in \text after a number cut
        Arguments.of("\\boxed{12 \\mbox{ inches}}", "12"), // unit in \mbox cut
        Arguments.of("\\boxed{\\text{Monday}}", "Monday"), // whole-answer \text unwrapped
        Arguments.of("\\boxed{\\text{(C)}}", "\\text{(C)}"), // both unwrapped to (C)
        Arguments.of("\\boxed{30^\\circ}", "30"), // ^\circ dropped
        Arguments.of("\\boxed{45^{\\circ}}", "45"), // ^{\circ} dropped
        Arguments.of("\\boxed{25\\%}", "25"), // \% dropped
        Arguments.of("\\boxed{\\dfrac{2}{3}}", "\\frac{2}{3}"), // \dfrac -> \frac
        Arguments.of("\\boxed{\\tfrac{2}{3}}", "\\frac23"), // \tfrac -> \frac, \frac23 braced
        Arguments.of("\\boxed{\\frac12}", "\\frac{1}{2}"), // \frac12 -> \frac{1}{2}
        Arguments.of("\\boxed{\\frac1{12}}", "\\frac{1}{12}"), // one bare argument braced
        Arguments.of("\\boxed{3/4}", "\\frac{3}{4}"), // a/b -> \frac{a}{b}
        Arguments.of("\\boxed{.5}", "0.5"), // leading . -> 0.
        Arguments.of("\\boxed{x = 3}", "3"), // short variable dropped
        Arguments.of("\\boxed{2\\sqrt3}", "2\\sqrt{3}"), // \sqrt3 -> \sqrt{3}
        Arguments.of("\\boxed{\\frac{\\sqrt{3}}{2}}", "\\dfrac{\\sqrt3}{2}"), // both rules at once
        Arguments.of("\\boxed{\\$18.90}", "18.9"), // \$ dropped, then 18.90 = 18.9
        Arguments.of("\\boxed{0}", "0"), // zero equals zero
        // numbers: equal within relative 1e-4
        Arguments.of("\\boxed{0.5}", "\\frac{1}{2}"), // 1/2 = 0.5 exactly
        Arguments.of("\\boxed{1/3}", "0.33333"), // |1/3 - 0.33333| = 3.3e-6 <= 1e-4 * 0.333
        Arguments.of("\\boxed{100.005}", "100"), // 0.005 <= 1e-4 * 100.005 = 0.0100005
        Arguments.of("\\boxed{-\\frac{1}{2}}", "\\frac{-1}{2}"), // sign outside = sign inside
        Arguments.of("\\boxed{50\\%}", "50"), // a percentage compares by its number
        Arguments.of("\\boxed{1,000}", "1000"), // thousands comma
        Arguments.of("\\boxed{3.0}", "3"), // decimal = integer
        Arguments.of("\\boxed{007}", "7"), // leading zeros
        Arguments.of("\\boxed{-0.25}", "-\\frac14"), // negative fraction, \frac14 braced
        // tuples and intervals: element by element
        Arguments.of("\\boxed{(1, 2)}", "(1,2)"), // spaces
        Arguments.of("\\boxed{(0.5, \\frac{3}{2})}", "(\\frac12, 1.5)"), // numeric elements
        Arguments.of("\\boxed{[1, 3)}", "[1,3)"), // half-open interval
        Arguments.of("\\boxed{\\left[ \\frac{1}{2}, 2 \\right)}", "[0.5,2)"), // \left[ ... \right)
        Arguments.of("\\boxed{-2, 3}", "-2,3.0"), // bare comma list
        Arguments.of("\\boxed{((1,2),3)}", "((1, 2.0), 3)"), // nested tuple
        Arguments.of("\\boxed{(-\\infty, 2) \\cup (3, \\infty)}",
            "(-\\infty,2)\\cup(3,\\infty)")); // a union compares as a string
  }

  /** (response, reference): the verifier must score 0. */
  static Stream<Arguments> notEqual() {
    return Stream.of(
        Arguments.of("\\boxed{83}", "82"), // wrong number
        Arguments.of("\\boxed{100.02}", "100"), // 0.02 > 1e-4 * 100.02 = 0.010002
        Arguments.of("\\boxed{0}", "0.0001"), // 1e-4 > 1e-4 * 1e-4: relative, not absolute
        Arguments.of("\\boxed{-5}", "5"), // sign matters
        Arguments.of("\\boxed{\\frac{2}{3}}", "\\frac{3}{2}"), // swapped fraction
        Arguments.of("\\boxed{1,001}", "1000"), // 1001 vs 1000: 1 > 0.1001
        Arguments.of("\\boxed{(1,3)}", "[1,3)"), // bracket kinds differ
        Arguments.of("\\boxed{(1,2]}", "(1,2)"), // closing bracket differs
        Arguments.of("\\boxed{(2,1)}", "(1,2)"), // tuples are ordered
        Arguments.of("\\boxed{(1,2,3)}", "(1,2)"), // lengths differ
        Arguments.of("\\boxed{5} no wait, \\boxed{6}", "5"), // only the last box counts
        Arguments.of("\\boxed{x = 3}", "4"), // variable dropped, 3 != 4
        Arguments.of("\\boxed{\\frac{1}{0}}", "0"), // division by zero is no number
        Arguments.of("\\boxed{3\\sqrt{2}}", "2\\sqrt{3}"), // different radicals
        Arguments.of("\\boxed{50\\%}", "0.5"), // 50% compares as 50, not 0.5
        Arguments.of("\\boxed{1e5}", "100000"), // no exponent notation
        Arguments.of("\\boxed{\\text{(B)}}", "\\text{(C)}"), // different choice
        Arguments.of("\\boxed{x+2}", "x+1"), // different expressions
        Arguments.of("the answer is 7 and 8", "7")); // the phrase takes the whole sentence
  }

  @ParameterizedTest(name = "[{index}] {0} == {1}")
  @MethodSource("equal")
  void equalAnswersScoreOne(String response, String reference) {
    assertThat(ANY.score(response, reference)).isEqualTo(1f);
  }

  @ParameterizedTest(name = "[{index}] {0} != {1}")
  @MethodSource("notEqual")
  void differentAnswersScoreZero(String response, String reference) {
    assertThat(ANY.score(response, reference)).isEqualTo(0f);
  }

  @ParameterizedTest(name = "[{index}] {0} != {1}")
  @MethodSource("notEqual")
  void wrongAnswersAreNotRejected(String response, String reference) {
    assertThat(ANY.judge(response, reference)).isEqualTo(Verdict.scored(0f));
  }

  /** (response, verifier): no final answer in the verifier's format, so 0 and unanswered. */
  static Stream<Arguments> noAnswer() {
    return Stream.of(
        Arguments.of("\\boxed{}", ANY), // an empty box
        Arguments.of("\\boxed{ }", ANY), // a blank one
        Arguments.of("\\boxed{5", ANY), // the last box is malformed: no guessing
        Arguments.of("5 \\boxed{5", ANY), // a malformed last box hides the number before it
        Arguments.of("I do not know.", ANY), // no box, phrase or number
        Arguments.of("", ANY), // nothing
        Arguments.of("5", BOXED), // a right number, but not boxed
        Arguments.of("the answer is 5", BOXED)); // a right phrase, but not boxed
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource("noAnswer")
  void responsesWithoutAnAnswerAreFormatFailures(String response, MathVerifier verifier) {
    assertThat(verifier.judge(response, "5")).isEqualTo(Verdict.NO_ANSWER);
    assertThat(verifier.score(response, "5")).isZero();
  }

  @ParameterizedTest(name = "[{index}] {0} == {1}")
  @MethodSource("equal")
  void scoreIsTheVerdictsScore(String response, String reference) {
    assertThat(ANY.judge(response, reference)).isEqualTo(Verdict.scored(1f));
  }

  @Test
  void boxedFormatTakesOnlyBoxedAnswers() {
    assertThat(BOXED.score("thus \\boxed{7}", "7")).isEqualTo(1f);
    assertThat(BOXED.score("\\fbox{\\frac12}", "0.5")).isEqualTo(1f);
    // Right answers in other forms: the phrase and the last number do not count.
    assertThat(BOXED.score("the answer is 7", "7")).isEqualTo(0f);
    assertThat(BOXED.score("7", "7")).isEqualTo(0f);
    assertThat(ANY.score("the answer is 7", "7")).isEqualTo(1f);
  }

  @Test
  void badReferenceIsADataError() {
    assertThatThrownBy(() -> ANY.score("\\boxed{1}", "\\boxed{1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed box");
    String huge = "1".repeat(MathVerifier.MAX_REFERENCE_CHARS + 1);
    assertThatThrownBy(() -> ANY.score("\\boxed{1}", huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10001 characters");
  }

  @Test
  void answersOverTheLengthCapAreRejected() {
    // 1000 characters is the cap: a 1000-digit box is read, a 1001-digit one is not.
    String atCap = "1".repeat(FinalAnswer.MAX_ANSWER_CHARS);
    assertThat(ANY.score("\\boxed{" + atCap + "}", atCap)).isEqualTo(1f);
    String overCap = atCap + "1";
    assertThat(ANY.score("\\boxed{" + overCap + "}", overCap)).isEqualTo(0f);
    assertThat(ANY.judge("\\boxed{" + overCap + "}", overCap)).isEqualTo(Verdict.REJECTED);
    assertThat(ANY.judge("so " + overCap, "1")).isEqualTo(Verdict.REJECTED);
    assertThat(BOXED.judge("\\boxed{" + overCap + "}", "1")).isEqualTo(Verdict.REJECTED);
  }

  @Test
  void numbersOverTheDigitCapAreRejectedWhereTheyAreCompared() {
    // 398 + 2 = 400 digits are evaluated: 99...9.50 = 99...9.5 as numbers, not as strings.
    String nines398 = "9".repeat(MathNumber.MAX_DIGITS - 2);
    assertThat(ANY.judge("\\boxed{" + nines398 + ".50}", nines398 + ".5"))
        .isEqualTo(Verdict.scored(1f));
    // 399 + 2 = 401 digits compared with a number are not evaluated.
    assertThat(ANY.judge("\\boxed{" + nines398 + "9.50}", nines398 + "9.5"))
        .isEqualTo(Verdict.REJECTED);
    String digits401 = "9".repeat(MathNumber.MAX_DIGITS + 1);
    assertThat(ANY.judge("\\boxed{" + digits401 + "}", "5")).isEqualTo(Verdict.REJECTED);
    assertThat(ANY.judge("\\boxed{\\frac{1}{" + digits401 + "}}", "0")).isEqualTo(Verdict.REJECTED);
    // Equal strings need no number: 401 digits equal 401 digits.
    assertThat(ANY.judge("\\boxed{" + digits401 + "}", digits401)).isEqualTo(Verdict.scored(1f));
    // The reference is no number, so no number is compared: an ordinary wrong answer.
    assertThat(ANY.judge("\\boxed{" + digits401 + "}", "x+1")).isEqualTo(Verdict.scored(0f));
  }

  @Test
  void inATupleAWrongElementDecidesBeforeOneOverTheCap() {
    String digits401 = "9".repeat(MathNumber.MAX_DIGITS + 1);
    // (401 digits, 2) vs (5, 2): the first element is over the cap, the rest equal.
    assertThat(ANY.judge("\\boxed{(" + digits401 + ", 2)}", "(5,2)")).isEqualTo(Verdict.REJECTED);
    // (401 digits, 3) vs (5, 2): 3 != 2 makes it wrong whatever the first element is.
    assertThat(ANY.judge("\\boxed{(" + digits401 + ", 3)}", "(5,2)"))
        .isEqualTo(Verdict.scored(0f));
  }

  @Test
  void tuplesNestedPastTheDepthCapAreRejected() {
    // MAX_DEPTH = 4: four levels are compared element by element, five are not.
    String four = "((((1))))";
    String five = "(((((1)))))";
    assertThat(ANY.judge("\\boxed{" + four + "}", four.replace("1", "1.0")))
        .isEqualTo(Verdict.scored(1f));
    assertThat(ANY.judge("\\boxed{" + five + "}", five.replace("1", "1.0")))
        .isEqualTo(Verdict.REJECTED);
    // A different shape is found different before the depth matters.
    assertThat(ANY.judge("\\boxed{" + five + "}", "((((1,2))))")).isEqualTo(Verdict.scored(0f));
  }

  @Test
  void aReferenceBoxOverTheCapIsADataError() {
    String longBox = "\\boxed{" + "1".repeat(FinalAnswer.MAX_ANSWER_CHARS + 1) + "}";
    assertThatThrownBy(() -> ANY.judge("\\boxed{1}", longBox))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("box longer than 1000 characters");
  }
}
