package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FinalAnswerTest {
  private static final int CAP = FinalAnswer.MAX_ANSWER_CHARS;

  @Test
  void extractsByPriority() {
    // A box beats the phrase, the phrase beats the last number.
    assertThat(FinalAnswer.of("the answer is 3, so \\boxed{4} and 5", AnswerFormat.NONE).text())
        .isEqualTo("4");
    assertThat(FinalAnswer.of("the answer is 3 and then 5", AnswerFormat.NONE).text())
        .isEqualTo("3 and then 5");
    assertThat(FinalAnswer.of("we get 3 and then 5", AnswerFormat.NONE).text()).isEqualTo("5");
    assertThat(FinalAnswer.of("nothing here", AnswerFormat.NONE)).isEqualTo(FinalAnswer.NONE);
  }

  @Test
  void escapedBracesDoNotCount() {
    assertThat(FinalAnswer.lastBoxed("\\boxed{\\{1,2\\}}").text()).isEqualTo("\\{1,2\\}");
    assertThat(FinalAnswer.lastBoxed("\\boxed{\\left\\{ x \\right.}").text()).isEqualTo(
        "\\left\\{ x \\right.");
  }

  @Test
  void lastNumberForms() {
    assertThat(FinalAnswer.lastNumber("x is 3/4.").text()).isEqualTo("3/4");
    assertThat(FinalAnswer.lastNumber("about .5 of it").text()).isEqualTo(".5");
    assertThat(FinalAnswer.lastNumber("items: 1, 2").text()).isEqualTo("2");
    assertThat(FinalAnswer.lastNumber("step 2. Then 10").text()).isEqualTo("10");
  }

  @Test
  void aLongerCommandIsNoBox() {
    assertThat(FinalAnswer.lastBoxed("\\boxedtext{5}")).isEqualTo(FinalAnswer.NONE);
  }

  @Test
  void aBoxOverTheCapIsGivenUpOnAnUnbalancedOneIsMalformed() {
    String atCap = "1".repeat(CAP);
    assertThat(FinalAnswer.lastBoxed("\\boxed{" + atCap + "} done").text()).isEqualTo(atCap);
    // 1001 characters inside the braces, then the closing brace: the scan stops at the cap.
    assertThat(FinalAnswer.lastBoxed("\\boxed{" + atCap + "1} done"))
        .isEqualTo(FinalAnswer.OVER_CAP);
    // The text ends before the group closes and before the cap: a malformed box, no answer.
    assertThat(FinalAnswer.lastBoxed("\\boxed{" + atCap)).isEqualTo(FinalAnswer.NONE);
    assertThat(FinalAnswer.lastBoxed("\\boxed{{{5}")).isEqualTo(FinalAnswer.NONE);
    // "\boxed 5" form: a token of 1000 characters is read, one of 1001 is not.
    assertThat(FinalAnswer.lastBoxed("\\boxed " + atCap).text()).isEqualTo(atCap);
    assertThat(FinalAnswer.lastBoxed("\\boxed " + atCap + "1")).isEqualTo(FinalAnswer.OVER_CAP);
  }

  @Test
  void aNumberOverTheCapIsGivenUpOnWhereverItStands() {
    String atCap = "7".repeat(CAP);
    assertThat(FinalAnswer.lastNumber("so " + atCap).text()).isEqualTo(atCap);
    assertThat(FinalAnswer.lastNumber(atCap).text()).isEqualTo(atCap);
    assertThat(FinalAnswer.lastNumber("so " + atCap + "7")).isEqualTo(FinalAnswer.OVER_CAP);
    assertThat(FinalAnswer.lastNumber(atCap + "7")).isEqualTo(FinalAnswer.OVER_CAP);
  }

  @Test
  void aPhraseOverTheCapFallsBackToTheLastNumber() {
    String longSentence = "x".repeat(CAP + 1);
    // The sentence after the phrase is over the cap; the last number is still the answer.
    assertThat(FinalAnswer.of("12 and the answer is " + longSentence, AnswerFormat.NONE).text())
        .isEqualTo("12");
    // With no number to fall back on, the cap decided: over the cap, not "no answer".
    assertThat(FinalAnswer.of("the answer is " + longSentence, AnswerFormat.NONE))
        .isEqualTo(FinalAnswer.OVER_CAP);
    assertThat(FinalAnswer.of("the answer is " + "x".repeat(CAP), AnswerFormat.NONE).text())
        .hasSize(CAP);
  }
}
