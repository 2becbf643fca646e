package dev.ngrpo.orchestrator.data;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Registry;
import dev.ngrpo.core.config.Settings;
import dev.ngrpo.core.model.ModelConfig;

/**
 * The {@code ngrpo.data} section: where the training prompts come from and what a bad row
 * does.
 *
 * @param format {@link Format#BUILTIN} (the {@code ngrpo.task} generator), {@link Format#JSONL}
 *     or {@link Format#PARQUET} (verl layout)
 * @param path a Hadoop path ({@code file://}, {@code hdfs://}, {@code s3a://}) to the dataset;
 *     empty for {@code builtin}
 * @param taskName task name of rows that carry none
 * @param jsonl JSONL field names
 * @param onBadRow skip (and count) bad rows, or fail at the first one
 * @param maxExamplesLogged how many bad rows are logged and kept as examples
 * @param maxBadFraction the largest share of a dataset's rows that may be bad (skipped) before
 *     the run is refused, in [0, 1]
 * @param maxLineBytes longest JSONL line, in bytes; a longer one is a bad row, skipped unread
 * @param maxPromptTokens longest prompt in tokens, templated, that a row may have (a longer one
 *     is a bad row); 0 = as long as the model's positions leave beside the response
 */
public record DataSettings(
    Format format,
    String path,
    String taskName,
    JsonlFields jsonl,
    BadRowPolicy onBadRow,
    int maxExamplesLogged,
    double maxBadFraction,
    int maxLineBytes,
    int maxPromptTokens) {
  /** The section's path. */
  public static final String PATH = "ngrpo.data";
  /** The key of {@link #maxBadFraction}. */
  public static final String MAX_BAD_FRACTION = PATH + ".max-bad-fraction";
  /** The key of {@link #maxLineBytes}. */
  public static final String MAX_LINE_BYTES = PATH + ".max-line-bytes";
  /** Longest JSONL line by default: 1 MiB, a thousand times a long math problem. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  /** Where prompts come from. */
  public enum Format {
    BUILTIN("builtin"),
    JSONL("jsonl"),
    PARQUET("parquet");

    private static final Registry<Format> BY_NAME =
        Registry.ofEnum("data format", values(), Format::configName);

    private final String configName;

    Format(String configName) {
      this.configName = configName;
    }

    /** The value written in the configuration. */
    public String configName() {
      return configName;
    }
  }

  /** Reads and checks {@code ngrpo.data} of {@code root}. */
  public static DataSettings from(Config root) {
    Settings s = Settings.of(root, PATH);
    Format format = Format.BY_NAME.get(s.oneOf("format", Format.BY_NAME.names()));
    String path = s.string("path").strip();
    if (format != Format.BUILTIN && path.isEmpty()) {
      throw s.bad("path", "must name the dataset when format is '" + format.configName() + "'");
    }
    Settings fields = s.section("jsonl");
    JsonlFields jsonl = new JsonlFields(
        fields.string("id-field").strip(),
        fields.nonBlank("prompt-field").strip(),
        fields.nonBlank("answer-field").strip(),
        fields.string("task-field").strip());
    return new DataSettings(
        format,
        path,
        s.nonBlank("task-name"),
        jsonl,
        BadRowPolicy.of(s.oneOf("on-bad-row", BadRowPolicy.names())),
        s.intIn("max-examples-logged", 0, 10_000),
        s.doubleIn("max-bad-fraction", 0, 1),
        s.intIn("max-line-bytes", 1, Integer.MAX_VALUE - 8),
        s.intIn("max-prompt-tokens", 0, ModelConfig.MAX_POSITIONS));
  }

  /**
   * The longest prompt of the run, in tokens: what a model of {@code positions} positions
   * leaves beside a response of {@code maxNewTokens}, or {@link #maxPromptTokens} when that is
   * set and shorter. Rollouts, the learner and the memory plan size their batches by it.
   *
   * @throws IllegalArgumentException when the response leaves no room for a prompt
   */
  public int promptLimit(int positions, int maxNewTokens) {
    int room = positions - maxNewTokens;
    if (room < 1) {
      throw new IllegalArgumentException("ngrpo.rollout.max-new-tokens = " + maxNewTokens
          + " leaves no room for a prompt in the model's " + positions + " positions");
    }
    return maxPromptTokens > 0 ? Math.min(maxPromptTokens, room) : room;
  }
}
