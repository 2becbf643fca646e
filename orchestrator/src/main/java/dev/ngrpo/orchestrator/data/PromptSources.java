package dev.ngrpo.orchestrator.data;

import com.typesafe.config.ConfigException;
import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.orchestrator.task.Split;
import dev.ngrpo.orchestrator.task.TaskSettings;
import dev.ngrpo.orchestrator.task.Tasks;
import dev.ngrpo.rollout.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads a split of prompts from where the configuration says: the built-in task, JSONL files
 * (read as bytes on the driver through the Hadoop FileSystem API, so invalid UTF-8 is caught
 * by line), or Parquet in the verl layout (read with Spark). Rows are validated and mapped by
 * the rollout-worker's row mappers; bad rows are counted and skipped, or stop the run before
 * training with {@code on-bad-row = fail}; prompts that do not fit the model after templating
 * are bad rows too.
 */
public final class PromptSources {
  private static final Logger LOG = LoggerFactory.getLogger(PromptSources.class);

  private PromptSources() {}

  /** The built-in task's {@code split}, encoded and length-checked. */
  public static PromptSet builtin(TaskSettings task, Split split, PromptEncoder encoder,
      int maxPromptTokens, DataSettings data) {
    BadRows bad = BadRows.of(data);
    List<Prompt> prompts = new ArrayList<>();
    for (Prompt p : Tasks.create(task).prompts(split)) {
      int tokens = encoder.tokenCount(p.text());
      if (tokens > maxPromptTokens) {
        bad.reject(new BadRow("built-in task " + task.name(), "problem", p.index(),
            BadRowReason.PROMPT_TOO_LONG,
            tokens + " tokens, more than the limit of " + maxPromptTokens));
      } else {
        prompts.add(p);
      }
    }
    checkBadShare(task.name() + " " + split, prompts.size(), bad, data);
    return encode(task.name() + " " + split.name().toLowerCase(Locale.ROOT), prompts,
        encoder);
  }

  /**
   * A file dataset at {@code path} (a file or a folder of files), of {@code data}'s format,
   * whose reference answers the verifier {@code references} accepts (a rejected one is a bad
   * row, {@link BadRowReason#UNPARSEABLE_REFERENCE}).
   */
  public static PromptSet files(String path, DataSettings data, PromptEncoder encoder,
      int maxPromptTokens, SparkSession spark, Verifier references) {
    BadRows bad = BadRows.of(data);
    PromptLimit limit = encoder.limit(maxPromptTokens);
    List<Prompt> prompts = switch (data.format()) {
      case JSONL -> jsonl(path, data, limit, bad, spark);
      case PARQUET -> parquet(path, data, limit, bad, spark);
      default -> throw new IllegalArgumentException("ngrpo.data.format = builtin has no files");
    };
    prompts = gradable(prompts, references, path, bad);
    checkBadShare(path, prompts.size(), bad, data);
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("no usable prompt in " + path + " ("
          + bad.total() + " bad rows): " + bad.summary());
    }
    return encode(path, prompts, encoder);
  }

  private static List<Prompt> jsonl(String path, DataSettings data, PromptLimit limit,
      BadRows bad, SparkSession spark) {
    JsonlRows rows = new JsonlRows(data.jsonl(), data.taskName(), limit, bad,
        data.maxLineBytes());
    List<Prompt> prompts = new ArrayList<>();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    for (Path file : listFiles(path, hadoop)) {
      try (InputStream in = file.getFileSystem(hadoop).open(file)) {
        prompts.addAll(rows.read(in, file.toString(), prompts.size()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return prompts;
  }

  private static List<Prompt> parquet(String path, DataSettings data, PromptLimit limit,
      BadRows bad, SparkSession spark) {
    VerlRows rows = new VerlRows(data.taskName(), limit, bad);
    List<Prompt> prompts = new ArrayList<>();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    for (Path file : listFiles(path, hadoop)) {
      List<Row> all = spark.read().parquet(file.toString()).collectAsList();
      long rowNumber = 0;
      for (Row row : all) {
        rowNumber++;
        rows.map(asMap(row), file.toString(), rowNumber, prompts.size()).ifPresent(prompts::add);
      }
    }
    return prompts;
  }

  /** The files of {@code path}: itself, or its visible files in name order. */
  static List<Path> listFiles(String path, Configuration hadoop) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("dataset " + path + " does not exist");
      }
      FileStatus status = fs.getFileStatus(p);
      if (status.isFile()) {
        return List.of(status.getPath());
      }
      List<Path> files = new ArrayList<>();
      FileStatus[] children = fs.listStatus(p);
      Arrays.sort(children);
      for (FileStatus c : children) {
        String name = c.getPath().getName();
        if (c.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
          files.add(c.getPath());
        }
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("dataset folder " + path + " has no files");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  /** A Spark row as nested Java maps and lists, the form the verl row mapper reads. */
  static Map<String, Object> asMap(Row row) {
    StructType schema = row.schema();
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < schema.fields().length; i++) {
      m.put(schema.fields()[i].name(), plain(row.get(i)));
    }
    return m;
  }

  private static Object plain(Object v) {
    if (v instanceof Row r) {
      return asMap(r);
    }
    if (v instanceof Seq<?> seq) {
      List<Object> out = new ArrayList<>();
      for (Object o : CollectionConverters.asJava(seq)) {
        out.add(plain(o));
      }
      return out;
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      CollectionConverters.asJava(map).forEach((k, val) -> out.put(k, plain(val)));
      return out;
    }
    return v;
  }

  /**
   * The prompts whose reference answers {@code verifier} accepts, their indices dense again;
   * each other one is a bad row located by the prompt's id.
   */
  static List<Prompt> gradable(List<Prompt> prompts, Verifier verifier, String source,
      BadRows bad) {
    List<Prompt> kept = new ArrayList<>(prompts.size());
    for (Prompt p : prompts) {
      try {
        verifier.checkReference(p.referenceAnswer());
        kept.add(new Prompt(p.id(), kept.size(), p.taskName(), p.text(), p.referenceAnswer()));
      } catch (IllegalArgumentException e) {
        bad.reject(new BadRow(source, "prompt", p.index(), BadRowReason.UNPARSEABLE_REFERENCE,
            "id '" + PromptCheck.excerpt(p.id()) + "': " + e.getMessage()));
      }
    }
    return kept;
  }

  private static PromptSet encode(String name, List<Prompt> prompts, PromptEncoder encoder) {
    return new PromptSet(name, prompts.stream().map(encoder::encode).toList());
  }

  /**
   * Logs the bad rows skipped, and refuses the dataset when more than
   * {@code ngrpo.data.max-bad-fraction} of its rows were bad: a configuration error (exit 2)
   * naming the key, the counts and the source, after reading the data and before any step.
   *
   * @param good rows kept
   */
  private static void checkBadShare(String source, long good, BadRows bad, DataSettings data) {
    if (bad.total() == 0) {
      return;
    }
    long rows = good + bad.total();
    double share = (double) bad.total() / rows;
    if (share > data.maxBadFraction()) {
      throw new ConfigException.BadValue(DataSettings.MAX_BAD_FRACTION, String.format(
          Locale.ROOT, "%d of the %d rows of %s are bad (%.3f, above %s): %s;"
          + " check ngrpo.data.format and the field names, fix the data, or raise the key",
          bad.total(), rows, source, share, data.maxBadFraction(), bad.counts()));
    }
    LOG.warn("{}: {} bad rows skipped: {}", source, bad.total(), bad.summary());
  }
}
