package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerFormatTest {

  @Test
  void rendersTheAnswerAsTheFormatAsksForIt() {
    assertThat(AnswerFormat.NONE.render("42")).isEqualTo("42");
    assertThat(AnswerFormat.BOXED.render("42")).isEqualTo("\\boxed{42}");
    assertThat(AnswerFormat.BOXED.render("\\frac{1}{2}")).isEqualTo("\\boxed{\\frac{1}{2}}");
  }

  @Test
  void aRenderedAnswerScoresOneWithTheVerifiersOfItsFormat() {
    for (AnswerFormat format : AnswerFormat.values()) {
      assertThat(new MathVerifier(format).judge(format.render("-7"), "-7"))
          .as("math, %s", format).isEqualTo(Verdict.scored(1f));
      assertThat(new ArithmeticVerifier(format).judge(format.render("-7"), "-7"))
          .as("arithmetic, %s", format).isEqualTo(Verdict.scored(1f));
    }
  }
}
