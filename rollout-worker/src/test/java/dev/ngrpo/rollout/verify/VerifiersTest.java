package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    VerifierSettings s = VerifierSettings.of("exact-match", 1000, AnswerFormat.NONE, 100_000);
    try (TimeLimitedVerifier v = TimeLimitedVerifier.of(s)) {
      assertThat(v.verifier()).isInstanceOf(ExactMatchVerifier.class);
      assertThat(v.verify("ok", "ok").score()).isEqualTo(1f);
    }
  }

  @Test
  void aBrokenProviderIsAConfigurationErrorNamingIt(@TempDir Path dir) throws Exception {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve(VerifierProvider.class.getName()),
        "com.example.MissingProvider\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      assertThatThrownBy(() -> Verifiers.create("anything", AnswerFormat.NONE, loader))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a verifier provider on the class path is broken")
          .hasMessageContaining("com.example.MissingProvider");
    }
  }

  @Test
  void buildingAVerifierIsTimeBounded() {
    VerifierSettings slow = new VerifierSettings(SlowToBuildVerifier.class.getName(), 1000,
        AnswerFormat.NONE, 100_000, 8, 200);
    long start = System.nanoTime();
    assertThatThrownBy(() -> TimeLimitedVerifier.of(slow))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("building verifier '" + SlowToBuildVerifier.class.getName() + "'")
        .hasMessageContaining("ngrpo.verifier.build-time-limit-ms = 200");
    // it gave up at the limit, not after the constructor's 30 seconds
    assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
  }
}
