package dev.ngrpo.orchestrator.data;

import dev.ngrpo.core.data.Prompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes prompts as a Parquet dataset in the verl layout, the one {@link VerlRows} reads and
 * verl's own data scripts (gsm8k.py, math_dataset.py) write, so that a built-in task goes
 * through the same path as a real dataset:
 * <pre>
 * data_source   string                          the prompt's task name
 * prompt        array&lt;{role, content}&gt;        one message: {"user", the prompt text}
 * reward_model  {style, ground_truth}           {"rule", the reference answer}
 * extra_info    {split, index}                  "train"/"test", the prompt's index
 * </pre>
 * Read back, a row gives the same text, answer, task name and index; its id becomes
 * {@code data_source:index} ({@link VerlRows}), as for any verl dataset. The chat template is
 * not written in: it is applied when a run tokenizes the prompt, as for verl's files.
 */
public final class VerlParquet {
  /** The schema of a written file. */
  public static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("data_source", DataTypes.StringType, false),
      DataTypes.createStructField("prompt", DataTypes.createArrayType(struct(
          "role", DataTypes.StringType, "content", DataTypes.StringType), false), false),
      DataTypes.createStructField("reward_model", struct(
          "style", DataTypes.StringType, "ground_truth", DataTypes.StringType), false),
      DataTypes.createStructField("extra_info", struct(
          "split", DataTypes.StringType, "index", DataTypes.LongType), false)));

  private VerlParquet() {}

  private static StructType struct(String first, DataType firstType, String second,
      DataType secondType) {
    return DataTypes.createStructType(List.of(
        DataTypes.createStructField(first, firstType, false),
        DataTypes.createStructField(second, secondType, false)));
  }

  /** The row of {@code prompt}, of the split named {@code split}, in {@link #SCHEMA}. */
  static Row row(Prompt prompt, String split) {
    return RowFactory.create(prompt.taskName(),
        List.of(RowFactory.create("user", prompt.text())),
        RowFactory.create("rule", prompt.referenceAnswer()),
        RowFactory.create(split, prompt.index()));
  }

  /**
   * Writes {@code prompts} in their order to the new Parquet folder {@code path} (one file, so
   * a reader meets them in the same order).
   *
   * @param split the split's name in {@code extra_info}, e.g. {@code "train"}
   * @throws IllegalArgumentException when {@code path} already exists: nothing is replaced
   */
  public static void write(List<Prompt> prompts, String split, String path, SparkSession spark) {
    Path target = new Path(path);
    try {
      if (target.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(target)) {
        throw new IllegalArgumentException(path + " already exists; remove it or write"
            + " elsewhere");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
    List<Row> rows = new ArrayList<>(prompts.size());
    for (Prompt p : prompts) {
      rows.add(row(p, split.toLowerCase(Locale.ROOT)));
    }
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists)
        .parquet(path);
  }
}
