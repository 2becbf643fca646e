package dev.ngrpo.orchestrator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Prompt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonlRowsTest {
  private static final String FILE = "hdfs://nn/data/train.jsonl";
  /** Whitespace-separated words as a stand-in tokenizer; prompts over 5 words are too long. */
  private static final PromptLimit FIVE_WORDS = PromptLimit.of(s -> s.split("\\s+").length, 5);

  /**
   * 15 lines: 3 good, 1 blank (not a row), 11 bad; the comment after each says which.
   * Line 10 has the byte 0xFF at offset 13; line 15 ends with CR and has no final newline.
   */
  private static byte[] dataset() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] lines = {
        "{\"id\":\"a\",\"prompt\":\"What is 2+2?\",\"answer\":\"4\",\"task\":\"arith\"}", // 1 good
        "{\"prompt\":\"p2\",\"answer\":7}", // 2 good: numeric answer, default id and task
        "   ", // 3 blank: skipped, not counted
        "{\"prompt\":\"\",\"answer\":\"1\"}", // 4 EMPTY_PROMPT
        "{\"answer\":\"1\"}", // 5 MISSING_PROMPT
        "{\"prompt\":\"p\",\"answer\":\"  \"}", // 6 EMPTY_ANSWER
        "{\"prompt\":\"p\",\"answer\":null}", // 7 MISSING_ANSWER
        "{\"prompt\":5,\"answer\":\"1\"}", // 8 WRONG_TYPE
        "{\"prompt\":\"p\",\"answer\":[1]}", // 9 WRONG_TYPE
        null, // 10 INVALID_UTF8 (written below)
        "{not json", // 11 MALFORMED_JSON
        "[1,2]", // 12 MALFORMED_JSON
        "{\"prompt\":\"one two three four five six\",\"answer\":\"1\"}", // 13 PROMPT_TOO_LONG
        "{\"prompt\":\"\\ud800x\",\"answer\":\"1\"}", // 14 INVALID_UTF8: unpaired surrogate
    };
    for (String line : lines) {
      if (line == null) {
        out.writeBytes("{\"prompt\":\"ab".getBytes(StandardCharsets.UTF_8));
        out.write(0xFF);
        out.writeBytes("\",\"answer\":\"1\"}".getBytes(StandardCharsets.UTF_8));
      } else {
        out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      }
      out.write('\n');
    }
    out.writeBytes("{\"id\":15,\"prompt\":\"last\",\"answer\":2.50}\r"
        .getBytes(StandardCharsets.UTF_8)); // 15 good: integer id, decimal kept as written
    return out.toByteArray();
  }

  private static List<Prompt> read(BadRows bad) {
    JsonlRows rows = new JsonlRows(JsonlFields.DEFAULT, "dataset", FIVE_WORDS, bad);
    return rows.read(new ByteArrayInputStream(dataset()), FILE, 100);
  }

  @Test
  void skipModeKeepsGoodRowsAndCountsBadOnes() {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 3);
    List<Prompt> prompts = read(bad);

    assertThat(prompts).containsExactly(
        new Prompt("a", 100, "arith", "What is 2+2?", "4"),
        new Prompt("train.jsonl:2", 101, "dataset", "p2", "7"),
        new Prompt("15", 102, "dataset", "last", "2.50"));
    // 11 bad lines: 4..14, one per reason except WRONG_TYPE (8, 9), MALFORMED_JSON (11, 12),
    // INVALID_UTF8 (10, 14).
    assertThat(bad.total()).isEqualTo(11);
    assertThat(bad.counts()).isEqualTo(Map.of(
        BadRowReason.EMPTY_PROMPT, 1L,
        BadRowReason.MISSING_PROMPT, 1L,
        BadRowReason.EMPTY_ANSWER, 1L,
        BadRowReason.MISSING_ANSWER, 1L,
        BadRowReason.WRONG_TYPE, 2L,
        BadRowReason.INVALID_UTF8, 2L,
        BadRowReason.MALFORMED_JSON, 2L,
        BadRowReason.PROMPT_TOO_LONG, 1L));
    assertThat(bad.examples()).extracting(BadRow::number).containsExactly(4L, 5L, 6L);
    assertThat(bad.examples().get(0)).isEqualTo(new BadRow(FILE, "line", 4,
        BadRowReason.EMPTY_PROMPT, "the prompt is blank"));
    assertThat(bad.summary()).startsWith("11 bad rows skipped: {");
  }

  @Test
  void failModeStopsAtTheFirstBadRow() {
    BadRows bad = new BadRows(BadRowPolicy.FAIL, 3);
    assertThatThrownBy(() -> read(bad))
        .isInstanceOf(BadRowException.class)
        .hasMessageContaining("hdfs://nn/data/train.jsonl line 4: EMPTY_PROMPT")
        .satisfies(e -> assertThat(((BadRowException) e).row().number()).isEqualTo(4));
    assertThat(bad.total()).isZero();
  }

  @Test
  void eachReasonIsReportedPrecisely() {
    assertThat(firstBad("{\"prompt\":\"ab\"}")).isEqualTo(
        new BadRow(FILE, "line", 1, BadRowReason.MISSING_ANSWER, "no field 'answer'"));
    byte[] invalid = {'{', '"', (byte) 0x80, '"', '}'};
    assertThat(firstBad(invalid).detail())
        .isEqualTo("invalid UTF-8 byte sequence at byte 2"); // 0x80 follows the 2 bytes {"
    assertThat(firstBad("{\"prompt\":5,\"answer\":\"1\"}").detail())
        .isEqualTo("field 'prompt' must be a string, got number 5");
    assertThat(firstBad("{\"prompt\":\"\\ud800x\",\"answer\":\"1\"}").detail())
        .isEqualTo("unpaired surrogate U+D800 at character 0 of the prompt");
    assertThat(firstBad("{\"prompt\":\"one two three four five six\",\"answer\":\"1\"}").detail())
        .isEqualTo("the prompt has 6 tokens, more than the limit of 5");
    assertThat(firstBad("{\"prompt\":\"p\",\"answer\":\"1\"} {}").reason())
        .isEqualTo(BadRowReason.MALFORMED_JSON); // trailing content after the object
    assertThat(firstBad("{\"id\":1.5,\"prompt\":\"p\",\"answer\":\"1\"}").detail())
        .startsWith("field 'id' must be a non-blank string or an integer");
  }

  @Test
  void invalidUtf8OffsetInTheDatasetLine() {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 20);
    read(bad);
    // Line 10 is {"prompt":"ab then 0xFF: 13 bytes precede it.
    assertThat(bad.examples()).filteredOn(r -> r.number() == 10).singleElement()
        .extracting(BadRow::detail).isEqualTo("invalid UTF-8 byte sequence at byte 13");
  }

  @Test
  void configurableFieldNames() {
    JsonlFields fields = new JsonlFields("qid", "question", "solution", "");
    BadRows bad = new BadRows(BadRowPolicy.FAIL, 1);
    JsonlRows rows = new JsonlRows(fields, "gsm8k", PromptLimit.none(), bad);
    String line = "{\"qid\":\"q7\",\"question\":\"How many?\",\"solution\":\"3\",\"task\":\"x\"}";
    // task-field "" means no task field: the "task" key is ignored, the default applies.
    assertThat(rows.map(line.getBytes(StandardCharsets.UTF_8), FILE, 1, 0))
        .contains(new Prompt("q7", 0, "gsm8k", "How many?", "3"));
  }

  @Test
  void byteOrderMarkAndLastLineWithoutNewline() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bom);
    out.writeBytes("{\"prompt\":\"p\",\"answer\":\"1\"}\n\n{\"prompt\":\"q\",\"answer\":\"2\"}"
        .getBytes(StandardCharsets.UTF_8));
    BadRows bad = new BadRows(BadRowPolicy.FAIL, 1);
    List<Prompt> prompts = new JsonlRows(JsonlFields.DEFAULT, "t", PromptLimit.none(), bad)
        .read(new ByteArrayInputStream(out.toByteArray()), "f.jsonl", 0);
    // Line 2 is blank; the second prompt is on line 3.
    assertThat(prompts).extracting(Prompt::id).containsExactly("f.jsonl:1", "f.jsonl:3");
  }

  @Test
  void numericAnswersAreKeptAsWritten() {
    BadRows bad = new BadRows(BadRowPolicy.FAIL, 1);
    JsonlRows rows = new JsonlRows(JsonlFields.DEFAULT, "t", PromptLimit.none(), bad);
    String[] numbers = {"2.50", "1e-7", "0.0000001", "1E+400", "-0.0", "12345678901234567890123",
        "1.5e3"};
    for (int i = 0; i < numbers.length; i++) {
      // the answer comes before nested fields and after them: the re-read skips what it passes
      String line = "{\"x\":{\"answer\":1},\"prompt\":\"p\",\"answer\":" + numbers[i]
          + ",\"y\":[2]}";
      assertThat(rows.map(line.getBytes(StandardCharsets.UTF_8), FILE, i + 1, i))
          .map(Prompt::referenceAnswer).contains(numbers[i]);
    }
  }

  @Test
  void aFieldGivenTwiceIsMalformed() {
    assertThat(firstBad("{\"prompt\":\"a\",\"answer\":\"1\",\"prompt\":\"b\"}"))
        .extracting(BadRow::reason, r -> r.detail().startsWith("Duplicate field 'prompt'"))
        .containsExactly(BadRowReason.MALFORMED_JSON, true);
  }

  @Test
  void aLineOverTheLimitIsABadRowAndTheNextLineIsRead() {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 5);
    String good = "{\"prompt\":\"p\",\"answer\":\"1\"}"; // 27 bytes
    String longer = "{\"prompt\":\"pp\",\"answer\":\"1\"}"; // 28 bytes
    byte[] data = (good + "\n" + longer + "\n" + good).getBytes(StandardCharsets.UTF_8);
    List<Prompt> prompts = new JsonlRows(JsonlFields.DEFAULT, "t", PromptLimit.none(), bad, 27)
        .read(new ByteArrayInputStream(data), "f.jsonl", 0);
    assertThat(prompts).extracting(Prompt::id).containsExactly("f.jsonl:1", "f.jsonl:3");
    assertThat(bad.examples()).extracting(BadRow::toString).containsExactly(
        "f.jsonl line 2: LINE_TOO_LONG: 28 bytes, more than ngrpo.data.max-line-bytes = 27");
    assertThatThrownBy(() -> new JsonlRows(JsonlFields.DEFAULT, "t", PromptLimit.none(), bad, 0))
        .hasMessageContaining("ngrpo.data.max-line-bytes");
  }

  @Test
  void aLineLargerThanAnyArrayStreamsByWithoutBeingHeld() {
    // 2^31 + 99 bytes of 'x' then a good line: no Java array can hold the first line, so
    // reading it whole would fail; streamed, it costs the 1 MiB default limit
    long length = (1L << 31) + 99;
    byte[] tail = "\n{\"prompt\":\"p\",\"answer\":\"1\"}\n".getBytes(StandardCharsets.UTF_8);
    java.io.InputStream huge = new java.io.InputStream() {
      private long position;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (position >= length + tail.length) {
          return -1;
        }
        int n = (int) Math.min(len, length + tail.length - position);
        int xs = (int) Math.max(0, Math.min(n, length - position));
        java.util.Arrays.fill(b, off, off + xs, (byte) 'x');
        for (int i = xs; i < n; i++) {
          b[off + i] = tail[(int) (position + i - length)];
        }
        position += n;
        return n;
      }
    };
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 5);
    List<Prompt> prompts = new JsonlRows(JsonlFields.DEFAULT, "t", PromptLimit.none(), bad)
        .read(huge, "huge.jsonl", 0);
    assertThat(prompts).extracting(Prompt::id).containsExactly("huge.jsonl:2");
    assertThat(bad.examples()).extracting(BadRow::toString).containsExactly(
        "huge.jsonl line 1: LINE_TOO_LONG: 2147483747 bytes, more than"
            + " ngrpo.data.max-line-bytes = 1048576");
  }

  private static BadRow firstBad(String line) {
    return firstBad(line.getBytes(StandardCharsets.UTF_8));
  }

  private static BadRow firstBad(byte[] line) {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 1);
    new JsonlRows(JsonlFields.DEFAULT, "t", FIVE_WORDS, bad).map(line, FILE, 1, 0);
    assertThat(bad.total()).isEqualTo(1);
    return bad.examples().get(0);
  }
}
