package dev.ngrpo.rollout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.ngrpo.core.config.UnknownKeys;
import dev.ngrpo.rollout.data.BadRowPolicy;
import dev.ngrpo.rollout.data.DataSettings;
import dev.ngrpo.rollout.data.JsonlFields;
import dev.ngrpo.rollout.task.ArithmeticLevel;
import dev.ngrpo.rollout.task.Operation;
import dev.ngrpo.rollout.task.Split;
import dev.ngrpo.rollout.task.TaskSettings;
import dev.ngrpo.rollout.task.Tasks;
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
        .isEqualTo(new VerifierSettings("arithmetic", 1000, AnswerFormat.NONE, 100_000));
    assertThat(TaskSettings.from(c)).isEqualTo(
        new TaskSettings("arithmetic", 1234, 10_000, 500, 0.1, ArithmeticLevel.preset("medium")));
    assertThat(DataSettings.from(c)).isEqualTo(new DataSettings(DataSettings.Format.BUILTIN, "",
        "dataset", JsonlFields.DEFAULT, BadRowPolicy.SKIP, 5));
  }

  @Test
  void defaultTaskGeneratesItsPrompts() {
    // medium holds 16,200 - 1,611 = 14,589 train problems: 10,000 fit.
    TaskSettings s = TaskSettings.from(with(""));
    assertThat(Tasks.create(s).prompts(Split.TRAIN)).hasSize(10_000);
  }

  @Test
  void overrides() {
    Config c = with("""
        ngrpo.verifier { name = math, format = boxed, time-limit-ms = 250 }
        ngrpo.task.arithmetic { level = easy, first-digits = 4, ops = ["*", "+"] }
        ngrpo.data { format = parquet, path = "s3a://bucket/math/train.parquet",
          on-bad-row = fail, jsonl.id-field = "" }
        """);
    assertThat(VerifierSettings.from(c))
        .isEqualTo(new VerifierSettings("math", 250, AnswerFormat.BOXED, 100_000));
    assertThat(TaskSettings.from(c).arithmetic()).isEqualTo(new ArithmeticLevel(
        "custom", 4, 1, List.of(Operation.MULTIPLY, Operation.ADD)));
    DataSettings d = DataSettings.from(c);
    assertThat(d.format()).isEqualTo(DataSettings.Format.PARQUET);
    assertThat(d.path()).isEqualTo("s3a://bucket/math/train.parquet");
    assertThat(d.onBadRow()).isEqualTo(BadRowPolicy.FAIL);
    assertThat(d.jsonl().id()).isEmpty();
  }

  @Test
  void badValuesNameTheirKey() {
    assertBad("ngrpo.verifier.time-limit-ms = 0", "ngrpo.verifier.time-limit-ms",
        "must be in [1, 600000], got 0");
    assertBad("ngrpo.verifier.format = latex", "ngrpo.verifier.format", "'latex'");
    assertBad("ngrpo.verifier.name = \"  \"", "ngrpo.verifier.name", "must not be empty");
    assertBad("ngrpo.task.test-fraction = 1.0", "ngrpo.task.test-fraction",
        "strictly between 0 and 1");
    assertBad("ngrpo.task.train-size = 0", "ngrpo.task.train-size", "got 0");
    assertBad("ngrpo.task.name = chess", "ngrpo.task.name", "'chess'");
    assertBad("ngrpo.task.arithmetic.level = insane", "ngrpo.task.arithmetic.level",
        "[easy, medium, hard]");
    assertBad("ngrpo.task.arithmetic.first-digits = 10", "ngrpo.task.arithmetic.first-digits",
        "must be in [1, 9], got 10");
    assertBad("ngrpo.task.arithmetic.ops = [\"/\"]", "ngrpo.task.arithmetic.ops", "'/'");
    assertBad("ngrpo.task.arithmetic.ops = [\"+\", \"+\"]", "ngrpo.task.arithmetic.ops",
        "distinct");
    assertBad("ngrpo.data.format = jsonl", "ngrpo.data.path", "must name the dataset");
    assertBad("ngrpo.data.on-bad-row = ignore", "ngrpo.data.on-bad-row", "'ignore'");
    assertBad("ngrpo.verifier.name = no-such-verifier", "ngrpo.verifier.name",
        "unknown verifier 'no-such-verifier'; known: arithmetic, math");
    assertBad("ngrpo.verifier.time-limit-ms = 0.5", "ngrpo.verifier.time-limit-ms",
        "must be a whole number, got 0.5");
    assertBad("ngrpo.data.jsonl.prompt-field = \"\"", "ngrpo.data.jsonl.prompt-field",
        "must not be empty");
  }

  private static void assertBad(String override, String key, String reason) {
    Config c = with(override);
    assertThatThrownBy(() -> {
      VerifierSettings.from(c);
      TaskSettings.from(c);
      DataSettings.from(c);
    }).as(override).isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining(key).hasMessageContaining(reason);
  }

  @Test
  void misspelledKeysAreCaught() {
    Config c = with("ngrpo.verifier.time-limit = 5\nngrpo.task.arithmetic.levl = easy");
    assertThat(UnknownKeys.find(c, REFERENCE, "ngrpo"))
        .containsExactly("ngrpo.task.arithmetic.levl", "ngrpo.verifier.time-limit");
  }

  @Test
  void everyKeyHasAComment() {
    // This module's own file: the classpath also holds the reference.conf of core.
    Config own = ConfigFactory.parseFile(new java.io.File("src/main/resources/reference.conf"));
    List<String> uncommented = new ArrayList<>();
    collectUncommented(own.root(), "", uncommented);
    assertThat(uncommented).isEmpty();
    assertThat(own.getConfig("ngrpo").root().keySet())
        .containsExactlyInAnyOrder("rollout", "verifier", "task", "data");
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
