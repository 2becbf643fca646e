package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VerifiersTest {

  @Test
  void builtIns() {
    assertThat(Verifiers.create("arithmetic", AnswerFormat.NONE))
        .isInstanceOf(ArithmeticVerifier.class);
    Verifier math = Verifiers.create("math", AnswerFormat.BOXED);
    assertThat(math).isInstanceOf(MathVerifier.class);
    assertThat(math.score("7", "7")).isEqualTo(0f); // boxed format was passed on
  }

  @Test
  void userVerifierByClassName() {
    Verifier v = Verifiers.create(ExactMatchVerifier.class.getName(), AnswerFormat.NONE);
    assertThat(v).isInstanceOf(ExactMatchVerifier.class);
    assertThat(v.score(" yes ", "yes")).isEqualTo(1f);
  }

  @Test
  void userVerifierByServiceLoader() {
    Verifier v = Verifiers.create("exact-match", AnswerFormat.BOXED);
    assertThat(v).isInstanceOf(ExactMatchVerifier.class);
    assertThat(((ExactMatchVerifier) v).format()).isEqualTo(AnswerFormat.BOXED);
    assertThat(Verifiers.known()).containsExactly("arithmetic", "math", "exact-match");
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Verifiers.create("nope", AnswerFormat.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown verifier 'nope'")
        .hasMessageContaining("known: arithmetic, math, exact-match");
    assertThatThrownBy(() -> Verifiers.create("com.example.Missing", AnswerFormat.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such class")
        .hasMessageContaining("arithmetic, math, exact-match");
  }

  @Test
  void classNameMistakes() {
    assertThatThrownBy(() -> Verifiers.create("java.lang.String", AnswerFormat.NONE))
        .hasMessageContaining("does not implement dev.ngrpo.rollout.verify.Verifier");
    assertThatThrownBy(() ->
        Verifiers.create(NoDefaultConstructorVerifier.class.getName(), AnswerFormat.NONE))
        .hasMessageContaining("no public no-arg constructor");
    assertThatThrownBy(() ->
        Verifiers.create(ExactMatchVerifier.class.getName(), AnswerFormat.BOXED))
        .hasMessageContaining("cannot be given the answer format 'boxed'");
  }

  @Test
  void settingsBuildTheTimeLimitedBoundary() {
    VerifierSettings s = new VerifierSettings("exact-match", 1000, AnswerFormat.NONE, 100_000);
    try (TimeLimitedVerifier v = TimeLimitedVerifier.of(s)) {
      assertThat(v.verifier()).isInstanceOf(ExactMatchVerifier.class);
      assertThat(v.verify("ok", "ok").score()).isEqualTo(1f);
    }
  }
}
