package dev.ngrpo.rollout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.ngrpo.core.config.UnknownKeys;
import dev.ngrpo.rollout.verify.AnswerFormat;
import dev.ngrpo.rollout.verify.VerifierSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceConfTest {
  private static final Config REFERENCE = ConfigFactory.parseResources("reference.conf");

  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(REFERENCE).resolve();
  }

  @Test
  void defaults() {
    Config c = with("");
    assertThat(VerifierSettings.from(c))
        .isEqualTo(new VerifierSettings("arithmetic", 1000, AnswerFormat.NONE, 100_000, 8, 60_000));
  }

  @Test
  void overrides() {
    Config c = with("""
        ngrpo.verifier { name = math, format = boxed, time-limit-ms = 250 }
        """);
    assertThat(VerifierSettings.from(c))
        .isEqualTo(VerifierSettings.of("math", 250, AnswerFormat.BOXED, 100_000));
  }

  @Test
  void badValuesNameTheirKey() {
    assertBad("ngrpo.verifier.time-limit-ms = 0", "ngrpo.verifier.time-limit-ms",
        "must be in [1, 600000], got 0");
    assertBad("ngrpo.verifier.format = latex", "ngrpo.verifier.format", "'latex'");
    assertBad("ngrpo.verifier.name = \"  \"", "ngrpo.verifier.name", "must not be empty");
    assertBad("ngrpo.verifier.name = no-such-verifier", "ngrpo.verifier.name",
        "unknown verifier 'no-such-verifier'; known: arithmetic, math");
    assertBad("ngrpo.verifier.time-limit-ms = 0.5", "ngrpo.verifier.time-limit-ms",
        "must be a whole number, got 0.5");
  }

  private static void assertBad(String override, String key, String reason) {
    Config c = with(override);
    assertThatThrownBy(() -> {
      VerifierSettings.from(c);
    }).as(override).isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining(key).hasMessageContaining(reason);
  }

  @Test
  void misspelledKeysAreCaught() {
    Config c = with("ngrpo.verifier.time-limit = 5\nngrpo.rollout.top = 1");
    assertThat(UnknownKeys.find(c, REFERENCE, "ngrpo"))
        .containsExactly("ngrpo.rollout.top", "ngrpo.verifier.time-limit");
  }

  @Test
  void everyKeyHasAComment() {
    // This module's own file: the classpath also holds the reference.conf of core.
    Config own = ConfigFactory.parseFile(new java.io.File("src/main/resources/reference.conf"));
    List<String> uncommented = new ArrayList<>();
    collectUncommented(own.root(), "", uncommented);
    assertThat(uncommented).isEmpty();
    assertThat(own.getConfig("ngrpo").root().keySet())
        .containsExactlyInAnyOrder("rollout", "verifier");
  }

  /** Leaves (null included, which Config.entrySet skips) whose origin has no comment. */
  private static void collectUncommented(ConfigObject object, String path, List<String> out) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (e.getValue() instanceof ConfigObject child) {
        collectUncommented(child, key, out);
      } else if (e.getValue().origin().comments().isEmpty()) {
        out.add(key);
      }
    }
  }
}
