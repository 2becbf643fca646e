package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArithmeticVerifierTest {
  private static final ArithmeticVerifier ANY = new ArithmeticVerifier(AnswerFormat.NONE);
  private static final ArithmeticVerifier BOXED = new ArithmeticVerifier(AnswerFormat.BOXED);

  @ParameterizedTest(name = "''{0}'' vs {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "82|82|1", // exact
      "' 82 '|82|1", // trimmed
      "37+45=82|82|1", // echoed problem: text after the last marker
      "=82|82|1", // just the marker
      "-45|-45|1", // negative
      "082|82|1", // compared by value
      "83|82|0", // wrong
      "82 apples|82|0", // not only an integer
      "8 2|82|0", // inner space
      "82.0|82|0", // decimal
      "+82|82|0", // plus sign is not part of the format
      "''|82|0", // empty
      "=|82|0", // marker without an answer
      "\\boxed{82}|82|0", // a box is not an integer in format none
  })
  void acceptsExactlyAnInteger(String response, String reference, int expected) {
    assertThat(ANY.score(response, reference)).isEqualTo((float) expected);
  }

  @Test
  void asciiDigitsOnly() {
    // U+0668 U+0662 are Arabic-Indic 8 and 2: BigInteger would read them, the verifier must not.
    assertThat(ANY.score("\u0668\u0662", "82")).isEqualTo(0f);
  }

  @Test
  void aWrongIntegerIsAWrongAnswer() {
    assertThat(ANY.judge("83", "82")).isEqualTo(Verdict.scored(0f));
    assertThat(BOXED.judge("\\boxed{83}", "82")).isEqualTo(Verdict.scored(0f));
  }

  @ParameterizedTest(name = "''{0}'' vs {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "82 apples|82", "8 2|82", "82.0|82", "+82|82", "''|82", "=|82", "\\boxed{82}|82"})
  void anythingButAnIntegerIsAFormatFailure(String response, String reference) {
    assertThat(ANY.judge(response, reference)).isEqualTo(Verdict.NO_ANSWER);
  }

  @Test
  void withBoxedFormatAResponseWithoutABoxIsAFormatFailure() {
    assertThat(BOXED.judge("82", "82")).isEqualTo(Verdict.NO_ANSWER);
    assertThat(BOXED.judge("\\boxed{82", "82")).isEqualTo(Verdict.NO_ANSWER);
    assertThat(BOXED.judge("\\boxed{82 apples}", "82")).isEqualTo(Verdict.NO_ANSWER);
    assertThat(BOXED.judge("so \\boxed{82}", "82")).isEqualTo(Verdict.scored(1f));
  }

  @Test
  void boundedDigits() {
    String hundred = "9".repeat(ArithmeticVerifier.MAX_DIGITS);
    assertThat(ANY.judge(hundred, hundred)).isEqualTo(Verdict.scored(1f));
    assertThat(ANY.judge("-" + hundred, "-" + hundred)).isEqualTo(Verdict.scored(1f));
    // 101 digits: an integer over the cap, not read.
    assertThat(ANY.score(hundred + "9", "9")).isEqualTo(0f);
    assertThat(ANY.judge(hundred + "9", "9")).isEqualTo(Verdict.REJECTED);
    assertThat(ANY.judge("37+45=" + hundred + "9", "82")).isEqualTo(Verdict.REJECTED);
    // 101 digits and a letter: no integer at all, a format failure.
    assertThat(ANY.judge(hundred + "9x", "9")).isEqualTo(Verdict.NO_ANSWER);
  }

  @Test
  void boxedFormatRejectsABoxOverTheCap() {
    ArithmeticVerifier boxed = new ArithmeticVerifier(AnswerFormat.BOXED);
    String longBox = "\\boxed{" + "1".repeat(FinalAnswer.MAX_ANSWER_CHARS + 1) + "}";
    assertThat(boxed.judge(longBox, "1")).isEqualTo(Verdict.REJECTED);
    // 101 digits fit in a box but not in the integer cap.
    assertThat(boxed.judge("\\boxed{" + "1".repeat(101) + "}", "1")).isEqualTo(Verdict.REJECTED);
  }

  @Test
  void boxedFormat() {
    ArithmeticVerifier boxed = new ArithmeticVerifier(AnswerFormat.BOXED);
    assertThat(boxed.score("\\boxed{82}", "82")).isEqualTo(1f);
    assertThat(boxed.score("37+45=\\boxed{ 82 }", "82")).isEqualTo(1f);
    assertThat(boxed.score("82", "82")).isEqualTo(0f);
  }

  @Test
  void referenceMustBeAnInteger() {
    assertThatThrownBy(() -> ANY.score("82", "eighty-two"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'eighty-two'");
    String tooLong = "1".repeat(ArithmeticVerifier.MAX_DIGITS + 1);
    assertThatThrownBy(() -> ANY.judge("1", tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 100 digits");
  }
}
