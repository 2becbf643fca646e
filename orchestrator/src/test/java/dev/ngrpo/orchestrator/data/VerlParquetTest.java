package dev.ngrpo.orchestrator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.core.tokenizer.ChatTemplates;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.spark.SparkSessions;
import dev.ngrpo.orchestrator.task.Split;
import dev.ngrpo.orchestrator.task.Tasks;
import dev.ngrpo.rollout.verify.AnswerFormat;
import dev.ngrpo.rollout.verify.MathVerifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in word problems written as verl Parquet and read back the way a run reads a
 * dataset ({@link Datasets#load}, Parquet format, held-out set from {@code ngrpo.eval.path}):
 * the same prompts, answers and order, templated with ChatML; with the run's Spark properties.
 */
class VerlParquetTest {
  private static final PromptEncoder CHATML =
      new PromptEncoder(CharTokenizer.printableAscii(), ChatTemplates.create("chatml", ""));
  private static SparkSession spark;

  @TempDir
  Path dir;

  /**
   * A session with the run's Spark properties: Kryo with registration required, which the
   * Parquet reader's schema job meets (its task results are the files' schemas).
   */
  @BeforeAll
  static void start() {
    spark = SparkSessions.start(RunConfig.load(null, List.of("ngrpo.spark.master=local[1]",
        "ngrpo.spark.conf.\"spark.ui.enabled\"=false")).spark());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aRowHoldsTheVerlColumns() {
    Prompt p = new Prompt("word-problems:buys:Tom:apples:17+25", 3, "word-problems",
        "Tom has 17 apples and buys 25 more.", "42");
    Row row = VerlParquet.row(p, "train");
    assertThat(PromptSources.asMap(spark.createDataFrame(List.of(row), VerlParquet.SCHEMA)
        .collectAsList().get(0))).isEqualTo(Map.of(
            "data_source", "word-problems",
            "prompt", List.of(Map.of("role", "user", "content",
                "Tom has 17 apples and buys 25 more.")),
            "reward_model", Map.of("style", "rule", "ground_truth", "42"),
            "extra_info", Map.of("split", "train", "index", 3L)));
  }

  @Test
  void writtenSplitsReadBackAsTheSamePromptsThroughTheParquetPath() {
    RunConfig builtin = RunConfig.load(null, List.of("ngrpo.task.name=word-problems",
        "ngrpo.task.train-size=60", "ngrpo.task.test-size=20"));
    List<Prompt> train = Tasks.create(builtin.task()).prompts(Split.TRAIN);
    List<Prompt> test = Tasks.create(builtin.task()).prompts(Split.TEST);
    String trainPath = dir.resolve("train").toUri().toString();
    String testPath = dir.resolve("test").toUri().toString();
    VerlParquet.write(train, "train", trainPath, spark);
    VerlParquet.write(test, "test", testPath, spark);

    RunConfig fromFiles = RunConfig.load(null, List.of("ngrpo.data.format=parquet",
        "ngrpo.data.path=" + trainPath, "ngrpo.eval.path=" + testPath,
        "ngrpo.verifier.name=math", "ngrpo.verifier.format=boxed",
        "ngrpo.model.chat-template=chatml"));
    Datasets read = Datasets.load(fromFiles, CHATML, 1000, spark);
    assertThat(read.train().tasks()).containsExactlyElementsOf(expected(train));
    assertThat(read.test().tasks()).containsExactlyElementsOf(expected(test));
    // the prompt the model sees: ChatML around the story
    assertThat(CharTokenizer.printableAscii().decode(
        read.train().tasks().get(0).promptTokens(), false)).isEqualTo(
            "<|im_start|>user\n" + train.get(0).text() + "<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void aVerlFileWithColumnsOfEveryCommonTypeReadsWithTheRunsKryoSettings() {
    // verl files carry more than the four columns read (ability, extra_info.answer, ...);
    // their schemas travel as task results, so each type must be registered with Kryo
    StructType schema = VerlParquet.SCHEMA
        .add("ability", DataTypes.StringType)
        .add("flags", DataTypes.createMapType(DataTypes.StringType, DataTypes.BooleanType))
        .add("scores", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("numbers", DataTypes.createStructType(List.of(
            DataTypes.createStructField("b", DataTypes.ByteType, true),
            DataTypes.createStructField("s", DataTypes.ShortType, true),
            DataTypes.createStructField("i", DataTypes.IntegerType, true),
            DataTypes.createStructField("f", DataTypes.FloatType, true),
            DataTypes.createStructField("d", DataTypes.createDecimalType(10, 2), true))))
        .add("raw", DataTypes.BinaryType)
        .add("day", DataTypes.DateType)
        .add("at", DataTypes.TimestampType)
        .add("local", DataTypes.TimestampNTZType)
        .add("nothing", DataTypes.NullType);
    Row verl = VerlParquet.row(new Prompt("x", 0, "t", "1+1", "2"), "train");
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < verl.size(); i++) {
      values[i] = verl.get(i);
    }
    values[4] = "math";
    values[5] = Map.of("hard", true);
    values[6] = List.of(0.5);
    values[7] = RowFactory.create((byte) 1, (short) 2, 3, 4f, new BigDecimal("5.00"));
    values[8] = new byte[] {1, 2};
    values[9] = Date.valueOf("2025-09-23");
    values[10] = Timestamp.valueOf("2025-09-23 12:00:00");
    values[11] = LocalDateTime.parse("2025-09-23T12:00:00");
    String path = dir.resolve("typed").toUri().toString();
    spark.createDataFrame(List.of(RowFactory.create(values)), schema).write().parquet(path);
    RunConfig run = RunConfig.load(null, List.of("ngrpo.data.format=parquet",
        "ngrpo.data.path=" + path));
    PromptSet read = PromptSources.files(path, run.data(), CHATML, 1000, spark,
        new MathVerifier(AnswerFormat.NONE));
    assertThat(read.tasks()).containsExactly(CHATML.encode(new Prompt("t:0", 0, "t", "1+1",
        "2")));
  }

  @Test
  void anExistingPathIsNotReplaced() {
    String path = dir.resolve("train").toUri().toString();
    List<Prompt> one = List.of(new Prompt("t:1", 0, "t", "1+1", "2"));
    VerlParquet.write(one, "train", path, spark);
    assertThatThrownBy(() -> VerlParquet.write(one, "train", path, spark))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(path + " already exists; remove it or write elsewhere");
  }

  /**
   * What a split read from Parquet holds: each prompt templated and encoded, in the same order
   * with the same index, task and answer; the id is verl's {@code data_source:index}.
   */
  private static List<PromptTask> expected(List<Prompt> prompts) {
    return prompts.stream().map(p -> CHATML.encode(new Prompt(p.taskName() + ":" + p.index(),
        p.index(), p.taskName(), p.text(), p.referenceAnswer()))).toList();
  }
}
