package dev.ngrpo.orchestrator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.core.tokenizer.ChatTemplates;
import dev.ngrpo.orchestrator.task.ArithmeticLevel;
import dev.ngrpo.orchestrator.task.Operation;
import dev.ngrpo.orchestrator.task.Split;
import dev.ngrpo.orchestrator.task.TaskSettings;
import dev.ngrpo.orchestrator.task.Tasks;
import dev.ngrpo.orchestrator.task.WordProblemSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ngrpo.task} and {@code ngrpo.data}: defaults, overrides, bad values by key. */
class DataSettingsTest {
  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  @Test
  void defaults() {
    Config c = with("");
    assertThat(TaskSettings.from(c)).isEqualTo(
        new TaskSettings("arithmetic", 1234, 10_000, 500, 0.1, ArithmeticLevel.preset("medium"),
            new WordProblemSettings(50, 9, List.of(Operation.ADD, Operation.SUBTRACT))));
    assertThat(DataSettings.from(c)).isEqualTo(new DataSettings(DataSettings.Format.BUILTIN, "",
        "dataset", JsonlFields.DEFAULT, BadRowPolicy.SKIP, 5, 0.1, 1_048_576, 0));
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
        ngrpo.task.arithmetic { level = easy, first-digits = 4, ops = ["*", "+"] }
        ngrpo.data { format = parquet, path = "s3a://bucket/math/train.parquet",
          on-bad-row = fail, jsonl.id-field = "" }
        """);
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
    assertBad("ngrpo.data.jsonl.prompt-field = \"\"", "ngrpo.data.jsonl.prompt-field",
        "must not be empty");
  }

  private static void assertBad(String override, String key, String reason) {
    Config c = with(override);
    assertThatThrownBy(() -> {
      TaskSettings.from(c);
      DataSettings.from(c);
    }).as(override).isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining(key).hasMessageContaining(reason);
  }

  @Test
  void thePromptLimitIsWhatTheResponseLeavesOrTheKeyWhenShorter() {
    // 128 positions less 6 new tokens
    assertThat(DataSettings.from(with("")).promptLimit(128, 6)).isEqualTo(122);
    assertThat(DataSettings.from(with("ngrpo.data.max-prompt-tokens = 16")).promptLimit(128, 6))
        .isEqualTo(16);
    assertThat(DataSettings.from(with("ngrpo.data.max-prompt-tokens = 512"))
        .promptLimit(128, 6)).isEqualTo(122);
    assertThatThrownBy(() -> DataSettings.from(with("")).promptLimit(128, 128))
        .hasMessageContaining("ngrpo.rollout.max-new-tokens = 128 leaves no room");
    assertBad("ngrpo.data.max-prompt-tokens = -1", "ngrpo.data.max-prompt-tokens", "-1");
  }

  @Test
  void promptEncoderAppliesTheTemplateAndKnowsTheStops() {
    try (CharTokenizer tokenizer = CharTokenizer.arithmetic()) {
      PromptEncoder plain = new PromptEncoder(tokenizer, ChatTemplates.create("plain"));
      PromptTask t = plain.encode(new Prompt("arithmetic:1+2", 5, "arithmetic", "1+2=", "3"));
      // ids 3..12 are the digits 0..9, then "+", "-", "*", "=", " " (CharTokenizer.arithmetic)
      assertThat(t.promptTokens()).containsExactly(4, 13, 5, 16);
      assertThat(t.promptIndex()).isEqualTo(5);
      assertThat(plain.stopIds()).containsExactly(tokenizer.eosId());
      assertThat(plain.tokenCount("12+34=")).isEqualTo(6);
    }
  }
}
