package dev.ngrpo.orchestrator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.core.tokenizer.ChatTemplates;
import dev.ngrpo.rollout.verify.AnswerFormat;
import dev.ngrpo.rollout.verify.MathVerifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile verl Parquet datasets, written with Spark in a temporary folder and read the way a
 * run reads them ({@link PromptSources#files}): null fields, empty chats, chats without a user
 * message, wrong nested types (each file of the folder has its own schema, so every column can
 * have a wrong type), duplicate ids, a 1 MiB prompt, an empty file, and files that are not
 * Parquet at all. As for JSONL, the counts are taken by mapping the same Spark rows with
 * {@link VerlRows} and a {@link BadRows} of the test's own.
 *
 * <p>Not covered: invalid UTF-8 inside a Parquet string. Spark decodes strings itself and
 * replaces invalid bytes with U+FFFD before the mapper sees them, so such a row reads as a
 * (changed) good row; the JSONL reader is the one that can and does locate invalid bytes.
 */
class HostileParquetTest {
  private static final int MAX_TOKENS = 1000;
  private static final PromptEncoder ENCODER =
      new PromptEncoder(CharTokenizer.printableAscii(), ChatTemplates.create("plain"));
  private static final DataType STRING = DataTypes.StringType;
  private static final DataType MESSAGE = struct(field("role", STRING),
      field("content", STRING));
  private static final DataType CHAT = DataTypes.createArrayType(MESSAGE, true);
  private static final DataType REWARD = struct(field("style", STRING),
      field("ground_truth", STRING));
  private static final DataType EXTRA = struct(field("index", DataTypes.LongType),
      field("split", STRING));
  private static SparkSession spark;
  /** The corpus folder, written once: each file is a Spark job. */
  private static Path corpus;

  @TempDir
  static Path shared;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkSession.builder().master("local[1]").appName("hostile-parquet")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    corpus = corpus(shared);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static StructField field(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }

  private static StructType struct(StructField... fields) {
    return DataTypes.createStructType(fields);
  }

  /** The verl schema with the column {@code name} given type {@code type} (null: dropped). */
  private static StructType verl(String name, DataType type) {
    List<StructField> fields = new ArrayList<>();
    for (String column : List.of("data_source", "prompt", "reward_model", "extra_info")) {
      DataType t = switch (column) {
        case "data_source" -> STRING;
        case "prompt" -> CHAT;
        case "reward_model" -> REWARD;
        default -> EXTRA;
      };
      if (column.equals(name)) {
        t = type;
      }
      if (t != null) {
        fields.add(field(column, t));
      }
    }
    return struct(fields.toArray(StructField[]::new));
  }

  private static Row msg(String role, String content) {
    return RowFactory.create(role, content);
  }

  private static List<Row> chat(Row... messages) {
    return Arrays.asList(messages);
  }

  private static Row truth(Object groundTruth) {
    return RowFactory.create("rule", groundTruth);
  }

  private static Row extra(Object index) {
    return RowFactory.create(index, "train");
  }

  /** A verl row (data_source, prompt, reward_model, extra_info). */
  private static Row row(Object source, Object prompt, Object reward, Object extra) {
    return RowFactory.create(source, prompt, reward, extra);
  }

  /** Writes {@code rows} as one Parquet file {@code name} of folder {@code into}. */
  private static void parquet(Path into, String name, StructType schema, Row... rows)
      throws Exception {
    Path tmp = into.resolveSibling("tmp-" + into.getFileName() + "-" + name);
    spark.createDataFrame(List.of(rows), schema).coalesce(1).write().parquet(tmp.toString());
    try (Stream<Path> files = Files.list(tmp)) {
      Path part = files.filter(p -> p.getFileName().toString().startsWith("part-")
          && p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.move(part, Files.createDirectories(into).resolve(name));
    }
  }

  /**
   * The corpus: 16 files, 37 rows, 11 kept. Each comment gives the row's number in its file
   * and what it must give.
   */
  private static Path corpus(Path dir) throws Exception {
    Path folder = dir.resolve("verl");
    StructType ok = verl(null, null);
    Row user = msg("user", "What is 2+3?");
    parquet(folder, "a-verl.parquet", ok,
        row("gsm8k", chat(msg("system", "Be brief."), user), truth("5"), extra(1L)), // 1 gsm8k:1
        row("gsm8k", null, truth("5"), extra(2L)), // 2 MISSING_PROMPT
        row("gsm8k", chat(), truth("5"), extra(3L)), // 3 MISSING_PROMPT: empty chat
        row("gsm8k", chat(msg("system", "s")), truth("5"), extra(4L)), // 4 MISSING_PROMPT
        row("gsm8k", chat(user, null), truth("5"), extra(5L)), // 5 WRONG_TYPE: null message
        row("gsm8k", chat(msg(null, "x")), truth("5"), extra(6L)), // 6 WRONG_TYPE: null role
        row("gsm8k", chat(msg("user", null)), truth("5"), extra(7L)), // 7 WRONG_TYPE
        row("gsm8k", chat(msg("user", " \n ")), truth("5"), extra(8L)), // 8 EMPTY_PROMPT
        row("gsm8k", chat(user), null, extra(9L)), // 9 MISSING_ANSWER
        row("gsm8k", chat(user), truth(null), extra(10L)), // 10 MISSING_ANSWER
        row("gsm8k", chat(user), truth("  "), extra(11L)), // 11 EMPTY_ANSWER
        row("", chat(user), truth("5"), extra(12L)), // 12 WRONG_TYPE: blank data_source
        row(null, chat(user), truth("5"), null), // 13 kept: dataset, a-verl.parquet:13
        row("math", chat(user), truth("5"), extra(null)), // 14 kept: math, a-verl.parquet:14
        row("gsm8k", chat(msg("user", "other")), truth("7"), extra(1L)), // 15 DUPLICATE_ID
        row("gsm8k", chat(msg("user", "x".repeat(1 << 20))), truth("1"), extra(16L)), // 16 long
        row("gsm8k", chat(msg("user", "first"), msg("assistant", "a"),
            msg("user", "Сколько будет 2+2? 二加二")), truth("4"), extra(17L))); // 17 gsm8k:17
    // one wrong column type per file
    parquet(folder, "b-prompt-string.parquet", verl("prompt", STRING),
        row("gsm8k", "What is 2+3?", truth("5"), extra(20L))); // 1 WRONG_TYPE
    parquet(folder, "c-prompt-strings.parquet", verl("prompt",
        DataTypes.createArrayType(STRING)),
        row("gsm8k", List.of("What is 2+3?"), truth("5"), extra(21L)), // 1 WRONG_TYPE
        row("gsm8k", List.of(), truth("5"), extra(22L))); // 2 MISSING_PROMPT: no message
    parquet(folder, "d-prompt-maps.parquet", verl("prompt", DataTypes.createArrayType(
        DataTypes.createMapType(STRING, STRING))),
        row("gsm8k", List.of(Map.of("role", "user", "content", "7*6?")), truth("42"),
            extra(23L))); // 1 kept: a message as a map has a role and content too
    parquet(folder, "e-reward-string.parquet", verl("reward_model", STRING),
        row("gsm8k", chat(user), "5", extra(24L))); // 1 WRONG_TYPE
    parquet(folder, "f-truth-long.parquet", verl("reward_model",
        struct(field("ground_truth", DataTypes.LongType))),
        row("gsm8k", chat(user), RowFactory.create(42L), extra(25L))); // 1 kept: "42"
    parquet(folder, "g-truth-decimal.parquet", verl("reward_model",
        struct(field("ground_truth", DataTypes.createDecimalType(38, 2)))),
        row("gsm8k", chat(user), RowFactory.create(new BigDecimal(
            "123456789012345678901234567890123456.50")), extra(26L))); // 1 kept, as written
    parquet(folder, "h-truth-list.parquet", verl("reward_model",
        struct(field("ground_truth", DataTypes.createArrayType(STRING)))),
        row("gsm8k", chat(user), RowFactory.create(List.of("5")), extra(27L))); // 1 WRONG_TYPE
    parquet(folder, "i-truth-binary.parquet", verl("reward_model",
        struct(field("ground_truth", DataTypes.BinaryType))),
        row("gsm8k", chat(user), RowFactory.create(new byte[] {53}), extra(28L))); // WRONG_TYPE
    parquet(folder, "j-source-int.parquet", verl("data_source", DataTypes.IntegerType),
        row(5, chat(user), truth("5"), extra(29L))); // 1 WRONG_TYPE
    parquet(folder, "k-extra-string.parquet", verl("extra_info", STRING),
        row("gsm8k", chat(user), truth("5"), "index 30")); // 1 WRONG_TYPE
    parquet(folder, "l-index-double.parquet", verl("extra_info",
        struct(field("index", DataTypes.DoubleType))),
        row("gsm8k", chat(user), truth("5"), RowFactory.create(1.5)), // 1 WRONG_TYPE
        row("gsm8k", chat(user), truth("5"), RowFactory.create((Object) null))); // 2 kept
    parquet(folder, "m-no-reward.parquet", verl("reward_model", null),
        RowFactory.create("gsm8k", chat(user), extra(32L)), // 1 MISSING_ANSWER
        RowFactory.create("gsm8k", chat(user), extra(33L))); // 2 MISSING_ANSWER
    parquet(folder, "n-empty.parquet", ok); // no rows
    parquet(folder, "o-index-string.parquet", verl("extra_info",
        struct(field("index", STRING))),
        row("gsm8k", chat(user), truth("5"), RowFactory.create("abc")), // 1 kept: gsm8k:abc
        row("gsm8k", chat(user), truth("5"), RowFactory.create("1"))); // 2 DUPLICATE_ID
    parquet(folder, "p-truth-double.parquet", verl("reward_model",
        struct(field("ground_truth", DataTypes.DoubleType))),
        row("gsm8k", chat(user), RowFactory.create(1e-7), extra(40L)), // 1 kept: "0.0000001"
        row("gsm8k", chat(user), RowFactory.create(1e21), extra(41L)), // 2 kept, plain
        row("gsm8k", chat(user), RowFactory.create(Double.NaN), extra(42L))); // 3 WRONG_TYPE
    return folder;
  }

  private static DataSettings settings(BadRowPolicy policy) {
    // every share of bad rows passes: these tests are about each row
    return new DataSettings(DataSettings.Format.PARQUET, "", "dataset", JsonlFields.DEFAULT,
        policy, 5, 1.0, DataSettings.DEFAULT_MAX_LINE_BYTES, 0);
  }

  private static PromptSet read(Path path, BadRowPolicy policy) {
    return PromptSources.files(path.toString(), settings(policy), ENCODER, MAX_TOKENS, spark,
        new MathVerifier(AnswerFormat.NONE));
  }

  @Test
  void everyDefectIsCountedByReasonAndTheGoodRowsAreKept() throws Exception {
    Path folder = corpus;
    PromptSet set = read(folder, BadRowPolicy.SKIP);
    assertThat(set.tasks()).extracting(PromptTask::promptId).containsExactly(
        "gsm8k:1", "a-verl.parquet:13", "a-verl.parquet:14", "gsm8k:17", "gsm8k:23",
        "gsm8k:25", "gsm8k:26", "l-index-double.parquet:2", "gsm8k:abc", "gsm8k:40",
        "gsm8k:41");
    assertThat(set.tasks()).extracting(PromptTask::referenceAnswer).containsExactly(
        "5", "5", "5", "4", "42", "42", "123456789012345678901234567890123456.50", "5", "5",
        "0.0000001", "1000000000000000000000");
    assertThat(set.tasks()).extracting(PromptTask::taskName).containsExactly(
        "gsm8k", "dataset", "math", "gsm8k", "gsm8k", "gsm8k", "gsm8k", "gsm8k", "gsm8k",
        "gsm8k", "gsm8k");
    assertThat(set.tasks()).extracting(PromptTask::promptIndex)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    // the last user message of a multi-turn chat is the prompt
    assertThat(set.tasks().get(3)).isEqualTo(ENCODER.encode(new Prompt("gsm8k:17", 3, "gsm8k",
        "Сколько будет 2+2? 二加二", "4")));

    BadRows bad = new BadRows(BadRowPolicy.SKIP, 100);
    VerlRows rows = new VerlRows("dataset", ENCODER.limit(MAX_TOKENS), bad);
    List<Prompt> kept = new ArrayList<>();
    for (org.apache.hadoop.fs.Path file : PromptSources.listFiles(folder.toString(),
        spark.sparkContext().hadoopConfiguration())) {
      long number = 0;
      for (Row r : spark.read().parquet(file.toString()).collectAsList()) {
        rows.map(PromptSources.asMap(r), file.toString(), ++number, kept.size())
            .ifPresent(kept::add);
      }
    }
    assertThat(kept).extracting(Prompt::id)
        .isEqualTo(set.tasks().stream().map(PromptTask::promptId).toList());
    // a..p: 17 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 2 + 2 + 0 + 2 + 3 = 37 rows,
    // 11 kept, 26 bad
    assertThat(bad.total()).isEqualTo(26);
    assertThat(bad.counts()).isEqualTo(Map.of(
        BadRowReason.MISSING_PROMPT, 4L, // a-verl 2, 3, 4; c 2
        BadRowReason.WRONG_TYPE, 13L, // a-verl 5, 6, 7, 12; b; c 1; e; h; i; j; k; l 1; p 3
        BadRowReason.EMPTY_PROMPT, 1L, // a-verl 8
        BadRowReason.MISSING_ANSWER, 4L, // a-verl 9, 10; m 1, 2
        BadRowReason.EMPTY_ANSWER, 1L, // a-verl 11
        BadRowReason.DUPLICATE_ID, 2L, // a-verl 15; o 2
        BadRowReason.PROMPT_TOO_LONG, 1L)); // a-verl 16
    assertThat(bad.examples()).extracting(BadRow::number).startsWith(2L, 3L, 4L, 5L, 6L, 7L);
    // o's row 2 names gsm8k:1 again (index "1" as a string), first kept at a-verl row 1
    BadRow duplicate = bad.examples().get(bad.examples().size() - 2);
    assertThat(duplicate.file()).endsWith("o-index-string.parquet");
    assertThat(duplicate.detail()).isEqualTo("id 'gsm8k:1' was already used by "
        + bad.examples().get(0).file() + " row 1; the first is kept");
  }

  @Test
  void failStopsAtTheFirstBadRowNamingFileAndRow() throws Exception {
    assertThatThrownBy(() -> read(corpus, BadRowPolicy.FAIL))
        .isInstanceOf(BadRowException.class)
        .hasMessageContaining("a-verl.parquet row 2: MISSING_PROMPT: no column 'prompt'");
    // without the first file the first bad row is b's row 1
    Path rest = Files.createDirectories(dir.resolve("rest"));
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("a-")).toList()) {
        Files.copy(f, rest.resolve(f.getFileName()));
      }
    }
    assertThatThrownBy(() -> read(rest, BadRowPolicy.FAIL))
        .isInstanceOf(BadRowException.class)
        .hasMessageContaining("b-prompt-string.parquet row 1: WRONG_TYPE: 'prompt' must be a list"
            + " of chat messages, got string What is 2+3?");
  }

  @Test
  void filesThatAreNotParquetFailNamingTheFile() throws Exception {
    Path folder = dir.resolve("broken");
    StructType ok = verl(null, null);
    parquet(folder, "a.parquet", ok, row("gsm8k", chat(msg("user", "1+1=")), truth("2"),
        extra(1L)));
    byte[] whole = Files.readAllBytes(folder.resolve("a.parquet"));
    Path truncated = Files.write(dir.resolve("truncated.parquet"),
        Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> read(truncated, BadRowPolicy.SKIP))
        .hasMessageContaining(truncated.getFileName().toString());
    Path garbage = Files.writeString(dir.resolve("garbage.parquet"),
        "{\"prompt\": \"this is JSON, not Parquet\"}\n");
    assertThatThrownBy(() -> read(garbage, BadRowPolicy.SKIP))
        .hasMessageContaining(garbage.getFileName().toString());
  }
}
