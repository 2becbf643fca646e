package dev.ngrpo.orchestrator.data;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Registry;
import dev.ngrpo.core.config.Settings;

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
 */
public record DataSettings(
    Format format,
    String path,
    String taskName,
    JsonlFields jsonl,
    BadRowPolicy onBadRow,
    int maxExamplesLogged) {
  /** The section's path. */
  public static final String PATH = "ngrpo.data";

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
        s.intIn("max-examples-logged", 0, 10_000));
  }
}
