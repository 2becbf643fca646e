package dev.ngrpo.orchestrator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.core.tokenizer.ChatTemplates;
import dev.ngrpo.orchestrator.data.JsonlCorpus.Line;
import dev.ngrpo.orchestrator.data.JsonlFuzz.Expected;
import dev.ngrpo.rollout.verify.AnswerFormat;
import dev.ngrpo.rollout.verify.MathVerifier;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile JSONL datasets read the way a run reads them ({@link PromptSources#files}: bytes
 * through the Hadoop FileSystem, on the driver): a hand-written corpus of every defect kind
 * and 2,000 seeded random lines. With {@code skip} every bad line is counted under its reason
 * and every good line is kept with the right id, index, task, text and answer; with
 * {@code fail} the first bad line stops the read naming its file and line.
 *
 * <p>{@link PromptSources#files} returns only the kept prompts (the counts go to the log), so
 * the counts are taken by reading the same file with the same mapper and a {@link BadRows} of
 * the test's own, exactly as {@link PromptSources} does; both reads must keep the same prompts.
 */
class HostileJsonlTest {
  /** Prompt limit in tokens: the char tokenizer gives one token per code point. */
  private static final int MAX_TOKENS = 1000;
  /** Line limit in bytes: the corpus's 1 MiB prompt is over it, every other line far below. */
  private static final int MAX_LINE_BYTES = 64 * 1024;
  private static final PromptEncoder ENCODER =
      new PromptEncoder(CharTokenizer.printableAscii(), ChatTemplates.create("plain"));
  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[1]").appName("hostile-jsonl")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static DataSettings settings(BadRowPolicy policy) {
    // every share of bad rows passes: these tests are about each row
    return new DataSettings(DataSettings.Format.JSONL, "", "dataset", JsonlFields.DEFAULT, policy,
        5, 1.0, MAX_LINE_BYTES, 0);
  }

  private static PromptSet read(Path path, BadRowPolicy policy) {
    return PromptSources.files(path.toUri().toString(), settings(policy), ENCODER, MAX_TOKENS,
        spark, new MathVerifier(AnswerFormat.NONE));
  }

  /** The bad rows of {@code path} (a file or folder), read as {@link PromptSources} reads it. */
  private static BadRows badRows(Path path, List<Prompt> keptOut) throws Exception {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 10_000);
    JsonlRows rows = new JsonlRows(JsonlFields.DEFAULT, "dataset", ENCODER.limit(MAX_TOKENS), bad,
        MAX_LINE_BYTES);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    for (org.apache.hadoop.fs.Path file : PromptSources.listFiles(path.toUri().toString(),
        hadoop)) {
      try (InputStream in = file.getFileSystem(hadoop).open(file)) {
        keptOut.addAll(rows.read(in, file.toString(), keptOut.size()));
      }
    }
    return bad;
  }

  private static List<PromptTask> encoded(List<Prompt> prompts) {
    return prompts.stream().map(ENCODER::encode).toList();
  }

  @Test
  void theCorpusIsCountedByReasonAndItsGoodRowsAreKeptExactly() throws Exception {
    List<Line> lines = JsonlCorpus.lines();
    Path file = dir.resolve(JsonlCorpus.FILE);
    JsonlCorpus.write(file, lines);

    PromptSet set = read(file, BadRowPolicy.SKIP);
    List<Prompt> expected = JsonlCorpus.kept(lines);
    // numbers are kept as written: 1e400 and 0.0000001, not 1E+400 and 1E-7
    assertThat(set.tasks()).extracting(PromptTask::referenceAnswer)
        .isEqualTo(expected.stream().map(Prompt::referenceAnswer).toList());
    assertThat(set.tasks()).isEqualTo(encoded(expected));
    assertThat(expected).extracting(Prompt::id).containsExactly("g1", "corpus.jsonl:29", "g2",
        "12345678901234567890123", "e1", "e2", "g3", "last");

    List<Prompt> kept = new ArrayList<>();
    BadRows bad = badRows(file, kept);
    assertThat(kept).isEqualTo(expected);
    // 57 lines = 8 kept + 3 blank + 46 bad; the 46 by reason as listed in JsonlCorpus.
    assertThat(lines).hasSize(57);
    assertThat(bad.total()).isEqualTo(46);
    assertThat(bad.counts()).isEqualTo(Map.of(
        BadRowReason.MISSING_PROMPT, 2L,
        BadRowReason.MISSING_ANSWER, 2L,
        BadRowReason.WRONG_TYPE, 12L,
        BadRowReason.INVALID_UTF8, 11L,
        BadRowReason.PROMPT_TOO_LONG, 1L,
        BadRowReason.LINE_TOO_LONG, 1L,
        BadRowReason.EMPTY_PROMPT, 2L,
        BadRowReason.EMPTY_ANSWER, 1L,
        BadRowReason.DUPLICATE_ID, 2L,
        BadRowReason.MALFORMED_JSON, 12L));
    // and line by line: each bad row has the reason its line was written for
    List<BadRow> rows = bad.examples();
    int next = 0;
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (line.reason() != null) {
        BadRow row = rows.get(next++);
        assertThat(row.number()).as(line.what()).isEqualTo(i + 1);
        assertThat(row.reason()).as(line.what()).isEqualTo(line.reason());
        assertThat(row.file()).endsWith("/" + JsonlCorpus.FILE);
      }
    }
    BadRow last = rows.get(rows.size() - 1);
    assertThat(last.detail())
        .isEqualTo("id 'g2' was already used by " + last.file() + " line 38; the first is kept");
  }

  @Test
  void failStopsAtTheFirstBadRowOfEveryKindNamingFileAndLine() throws Exception {
    List<Line> lines = JsonlCorpus.lines();
    int checked = 0;
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (line.reason() == null) {
        continue;
      }
      // a good line claiming the ids the duplicates repeat, a blank line, then the bad line
      // and a second bad line that must never be reached
      Path file = dir.resolve("fail-" + i + ".jsonl");
      JsonlCorpus.write(file, List.of(lines.get(0), lines.get(37), lines.get(30), line,
          lines.get(1)));
      assertThatThrownBy(() -> read(file, BadRowPolicy.FAIL)).as(line.what())
          .isInstanceOf(BadRowException.class)
          .hasMessageContaining("fail-" + i + ".jsonl line 4: " + line.reason() + ": ")
          .hasMessageContaining("on-bad-row = fail");
      checked++;
    }
    assertThat(checked).isEqualTo(46);
  }

  @Test
  void emptyFilesAndFilesWithoutAGoodRow() throws Exception {
    Path empty = Files.write(dir.resolve("empty.jsonl"), new byte[0]);
    assertThatThrownBy(() -> read(empty, BadRowPolicy.SKIP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no usable prompt in " + empty.toUri().toString())
        .hasMessageContaining("(0 bad rows)");
    Path blanks = Files.writeString(dir.resolve("blanks.jsonl"), "\n\n  \r\n\t\n");
    assertThatThrownBy(() -> read(blanks, BadRowPolicy.FAIL))
        .hasMessageContaining("no usable prompt").hasMessageContaining("(0 bad rows)");
    Path allBad = Files.writeString(dir.resolve("bad.jsonl"),
        "{\"prompt\":1,\"answer\":\"1\"}\n[]\n{\"prompt\":\"p\"}\n");
    assertThatThrownBy(() -> read(allBad, BadRowPolicy.SKIP))
        .hasMessageContaining("no usable prompt in " + allBad.toUri())
        .hasMessageContaining("3 bad rows skipped: {MALFORMED_JSON=1, MISSING_ANSWER=1,"
            + " WRONG_TYPE=1}");
  }

  @Test
  void aFolderReadsItsFilesInNameOrderAndIdsAreUniqueAcrossThem() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("folder"));
    Files.write(folder.resolve("a-empty.jsonl"), new byte[0]);
    Files.writeString(folder.resolve("b.jsonl"),
        "{\"id\":\"x\",\"prompt\":\"1+1=\",\"answer\":\"2\"}\n");
    Files.writeString(folder.resolve("c.jsonl"),
        "{\"id\":\"x\",\"prompt\":\"2+2=\",\"answer\":\"4\"}\n"
        + "{\"id\":\"y\",\"prompt\":\"3+3=\",\"answer\":\"6\"}");
    Files.writeString(folder.resolve("_SUCCESS"), "not data");
    Files.writeString(folder.resolve(".hidden.jsonl"), "not data either");
    PromptSet set = read(folder, BadRowPolicy.SKIP);
    // x from b.jsonl is kept; c.jsonl's x is a duplicate; y follows at index 1.
    assertThat(set.tasks()).extracting(PromptTask::promptId, PromptTask::promptIndex,
        PromptTask::referenceAnswer).containsExactly(
            org.assertj.core.groups.Tuple.tuple("x", 0L, "2"),
            org.assertj.core.groups.Tuple.tuple("y", 1L, "6"));
    assertThatThrownBy(() -> read(folder, BadRowPolicy.FAIL))
        .hasMessageContaining("c.jsonl line 1: DUPLICATE_ID: id 'x' was already used by ")
        .hasMessageContaining("b.jsonl line 1");
  }

  @Test
  void twoThousandRandomLinesAreEachKeptOrCountedAsGenerated() throws Exception {
    JsonlFuzz fuzz = new JsonlFuzz(20_250_917L, "fuzz.jsonl", MAX_TOKENS, MAX_LINE_BYTES);
    List<Expected> generated = fuzz.lines(2000);
    List<Line> lines = generated.stream().map(Expected::line).toList();
    Path file = dir.resolve("fuzz.jsonl");
    JsonlCorpus.write(file, lines);

    PromptSet set = read(file, BadRowPolicy.SKIP);
    List<Prompt> expected = JsonlCorpus.kept(lines);
    assertThat(set.tasks()).isEqualTo(encoded(expected));

    List<Prompt> kept = new ArrayList<>();
    BadRows bad = badRows(file, kept);
    assertThat(kept).isEqualTo(expected);
    long blank = generated.stream().filter(e -> !e.garbage() && e.line().blank()).count();
    // every line is kept, blank, or one bad row: nothing is lost or counted twice
    assertThat(kept.size() + blank + bad.total()).isEqualTo(2000);

    EnumMap<BadRowReason, Long> planned = new EnumMap<>(BadRowReason.class);
    long garbage = 0;
    for (Expected e : generated) {
      if (e.garbage()) {
        garbage++;
      } else if (e.line().reason() != null) {
        planned.merge(e.line().reason(), 1L, Long::sum);
      }
    }
    List<BadRow> rows = bad.examples();
    int next = 0;
    EnumMap<BadRowReason, Long> garbageReasons = new EnumMap<>(BadRowReason.class);
    for (int i = 0; i < generated.size(); i++) {
      Expected e = generated.get(i);
      if (e.garbage() || e.line().reason() != null) {
        BadRow row = rows.get(next++);
        assertThat(row.number()).isEqualTo(i + 1);
        if (e.garbage()) {
          assertThat(row.reason()).as("random bytes at line %d", i + 1)
              .isIn(BadRowReason.INVALID_UTF8, BadRowReason.MALFORMED_JSON);
          garbageReasons.merge(row.reason(), 1L, Long::sum);
        } else {
          assertThat(row.reason()).as("%s at line %d", e.line().what(), i + 1)
              .isEqualTo(e.line().reason());
        }
      }
    }
    EnumMap<BadRowReason, Long> all = new EnumMap<>(planned);
    garbageReasons.forEach((r, n) -> all.merge(r, n, Long::sum));
    assertThat(bad.counts()).isEqualTo(all);
    assertThat(garbage).isPositive();
    // every kind a row's bytes can cause was generated at least a few times (an unparseable
    // reference depends on the verifier: PromptSourcesTest covers it)
    assertThat(planned.keySet()).containsExactlyInAnyOrderElementsOf(
        EnumSet.complementOf(EnumSet.of(BadRowReason.UNPARSEABLE_REFERENCE)));

    // fail mode stops at the first bad line
    int firstBad = 0;
    while (!generated.get(firstBad).garbage() && generated.get(firstBad).line().reason() == null) {
      firstBad++;
    }
    assertThatThrownBy(() -> read(file, BadRowPolicy.FAIL)).isInstanceOf(BadRowException.class)
        .hasMessageContaining("fuzz.jsonl line " + (firstBad + 1) + ": ");
  }
}
