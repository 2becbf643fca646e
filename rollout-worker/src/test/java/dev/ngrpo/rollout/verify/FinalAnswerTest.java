package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FinalAnswerTest {

  @Test
  void extractsByPriority() {
    // A box beats the phrase, the phrase beats the last number.
    assertThat(FinalAnswer.of("the answer is 3, so \\boxed{4} and 5", AnswerFormat.NONE))
        .isEqualTo("4");
    assertThat(FinalAnswer.of("the answer is 3 and then 5", AnswerFormat.NONE))
        .isEqualTo("3 and then 5");
    assertThat(FinalAnswer.of("we get 3 and then 5", AnswerFormat.NONE)).isEqualTo("5");
    assertThat(FinalAnswer.of("nothing here", AnswerFormat.NONE)).isNull();
  }

  @Test
  void escapedBracesDoNotCount() {
    assertThat(FinalAnswer.lastBoxed("\\boxed{\\{1,2\\}}")).isEqualTo("\\{1,2\\}");
    assertThat(FinalAnswer.lastBoxed("\\boxed{\\left\\{ x \\right.}")).isEqualTo(
        "\\left\\{ x \\right.");
  }

  @Test
  void lastNumberForms() {
    assertThat(FinalAnswer.lastNumber("x is 3/4.")).isEqualTo("3/4");
    assertThat(FinalAnswer.lastNumber("about .5 of it")).isEqualTo(".5");
    assertThat(FinalAnswer.lastNumber("items: 1, 2")).isEqualTo("2");
    assertThat(FinalAnswer.lastNumber("step 2. Then 10")).isEqualTo("10");
  }

  @Test
  void aLongerCommandIsNoBox() {
    assertThat(FinalAnswer.lastBoxed("\\boxedtext{5}")).isNull();
  }
}
