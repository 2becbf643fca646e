package dev.ngrpo.orchestrator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.core.tokenizer.ChatTemplates;
import dev.ngrpo.rollout.verify.AnswerFormat;
import dev.ngrpo.rollout.verify.ArithmeticVerifier;
import dev.ngrpo.rollout.verify.MathVerifier;
import dev.ngrpo.rollout.verify.Verifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSONL and verl Parquet datasets read through Hadoop paths and Spark, with bad rows. */
class PromptSourcesTest {
  private static SparkSession spark;
  private static final PromptEncoder ENCODER =
      new PromptEncoder(CharTokenizer.printableAscii(), ChatTemplates.create("plain"));
  /** A verifier that can grade against any reference. */
  private static final Verifier ANY = new MathVerifier(AnswerFormat.NONE);

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[1]").appName("test")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static DataSettings settings(DataSettings.Format format, BadRowPolicy policy) {
    return settings(format, policy, 1.0);
  }

  private static DataSettings settings(DataSettings.Format format, BadRowPolicy policy,
      double maxBadFraction) {
    return new DataSettings(format, "", "dataset", JsonlFields.DEFAULT, policy, 5, maxBadFraction,
        DataSettings.DEFAULT_MAX_LINE_BYTES, 0);
  }

  @Test
  void jsonlFilesAreReadAsBytesAndBadLinesAreCountedOrStopTheRun() throws Exception {
    Path file = dir.resolve("train.jsonl");
    byte[] bad = {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xC3, '"', '}'};
    try (var out = Files.newOutputStream(file)) {
      out.write("{\"id\": \"a\", \"prompt\": \"1+1=\", \"answer\": \"2\"}\n".getBytes(
          StandardCharsets.UTF_8));
      out.write("{\"id\": \"b\", \"prompt\": \"\", \"answer\": \"2\"}\n".getBytes(
          StandardCharsets.UTF_8));
      out.write(bad);
      out.write("\n{\"id\": \"c\", \"prompt\": \"2+2=\", \"answer\": 4}\n".getBytes(
          StandardCharsets.UTF_8));
      out.write(("{\"id\": \"d\", \"prompt\": \"" + "9".repeat(200) + "\", \"answer\": \"1\"}\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    PromptSet set = PromptSources.files(file.toUri().toString(),
        settings(DataSettings.Format.JSONL, BadRowPolicy.SKIP), ENCODER, 100, spark, ANY);
    // kept a and c; skipped the empty prompt, the invalid UTF-8 line and the 200-token prompt
    assertThat(set.tasks()).extracting(t -> t.promptId()).containsExactly("a", "c");
    assertThat(set.tasks().get(1).referenceAnswer()).isEqualTo("4");
    assertThat(set.tasks().get(1).promptIndex()).isEqualTo(1);
    assertThatThrownBy(() -> PromptSources.files(file.toString(),
        settings(DataSettings.Format.JSONL, BadRowPolicy.FAIL), ENCODER, 100, spark, ANY))
        .hasMessageContaining(file.getFileName().toString()).hasMessageContaining("line 2");
  }

  @Test
  void verlParquetRowsBecomePrompts() throws Exception {
    Path folder = dir.resolve("math.parquet");
    Dataset<Row> rows = spark.sql("SELECT 'math' AS data_source,"
        + " array(named_struct('role', 'system', 'content', 'Be brief.'),"
        + "       named_struct('role', 'user', 'content', 'What is 1/2 + 1/2?')) AS prompt,"
        + " named_struct('style', 'rule', 'ground_truth', '1') AS reward_model,"
        + " named_struct('index', 7L, 'split', 'train') AS extra_info"
        + " UNION ALL SELECT 'math', array(named_struct('role', 'user', 'content', 'x?')),"
        + " named_struct('style', 'rule', 'ground_truth', ''), named_struct('index', 8L,"
        + " 'split', 'train')");
    rows.coalesce(1).write().parquet(folder.toString());
    PromptSet set = PromptSources.files(folder.toString(),
        settings(DataSettings.Format.PARQUET, BadRowPolicy.SKIP), ENCODER, 1000, spark, ANY);
    assertThat(set.tasks()).hasSize(1);
    assertThat(set.tasks().get(0).taskName()).isEqualTo("math");
    assertThat(set.tasks().get(0).referenceAnswer()).isEqualTo("1");
    // the last user message is the prompt (the system message is not carried)
    assertThat(CharTokenizer.printableAscii().decode(set.tasks().get(0).promptTokens(), false))
        .isEqualTo("What is 1/2 + 1/2?");
  }

  @Test
  void aShareOfBadRowsAboveTheLimitIsRefusedWithTheCountsTheFileAndTheKey() throws Exception {
    // 4 rows: 3 good, 1 with a blank prompt, so a bad share of 1/4 = 0.25
    Path file = Files.writeString(dir.resolve("quarter.jsonl"), """
        {"id": "a", "prompt": "1+1=", "answer": "2"}
        {"id": "b", "prompt": " ", "answer": "2"}
        {"id": "c", "prompt": "2+2=", "answer": "4"}
        {"id": "d", "prompt": "3+3=", "answer": "6"}
        """);
    String path = file.toUri().toString();
    assertThat(PromptSources.files(path, settings(DataSettings.Format.JSONL, BadRowPolicy.SKIP,
        0.25), ENCODER, 100, spark, ANY).tasks()).hasSize(3);
    assertThatThrownBy(() -> PromptSources.files(path, settings(DataSettings.Format.JSONL,
        BadRowPolicy.SKIP, 0.1), ENCODER, 100, spark, ANY))
        .isInstanceOf(com.typesafe.config.ConfigException.class)
        .hasMessageContaining("ngrpo.data.max-bad-fraction")
        .hasMessageContaining("1 of the 4 rows of " + path + " are bad (0.250, above 0.1):"
            + " {EMPTY_PROMPT=1}");
  }

  @Test
  void aMissingDatasetIsNamed() {
    assertThatThrownBy(() -> PromptSources.files(dir.resolve("nope.jsonl").toString(),
        settings(DataSettings.Format.JSONL, BadRowPolicy.SKIP), ENCODER, 100, spark, ANY))
        .hasMessageContaining("nope.jsonl").hasMessageContaining("does not exist");
  }

  @Test
  void aReferenceTheVerifierCannotReadIsABadRowBeforeTraining() throws Exception {
    Path file = Files.writeString(dir.resolve("refs.jsonl"), """
        {"id": "a", "prompt": "1+1=", "answer": "2"}
        {"id": "b", "prompt": "2+2=", "answer": "four"}
        {"id": "c", "prompt": "3+3=", "answer": "6"}
        """);
    Verifier arithmetic = new ArithmeticVerifier(AnswerFormat.NONE);
    PromptSet set = PromptSources.files(file.toString(),
        settings(DataSettings.Format.JSONL, BadRowPolicy.SKIP), ENCODER, 100, spark, arithmetic);
    // a and c kept, with dense indices 0 and 1; "four" is no integer
    assertThat(set.tasks()).extracting(t -> t.promptId() + "@" + t.promptIndex())
        .containsExactly("a@0", "c@1");
    assertThatThrownBy(() -> PromptSources.files(file.toString(),
        settings(DataSettings.Format.JSONL, BadRowPolicy.FAIL), ENCODER, 100, spark,
        arithmetic))
        .hasMessageContaining("UNPARSEABLE_REFERENCE").hasMessageContaining("id 'b'")
        .hasMessageContaining("got 'four'");
  }
}
