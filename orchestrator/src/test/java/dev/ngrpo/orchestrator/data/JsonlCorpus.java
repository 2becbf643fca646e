package dev.ngrpo.orchestrator.data;

import dev.ngrpo.core.data.Prompt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written JSONL corpus of hostile lines, each with what reading it must give: a kept
 * prompt, a bad row of one reason, or a blank line (not a row). Lines are bytes, so invalid
 * UTF-8 and line endings are exact; the test writes them in a temporary folder.
 */
final class JsonlCorpus {
  /** The file name the corpus is written under; default ids are {@code corpus.jsonl:<line>}. */
  static final String FILE = "corpus.jsonl";

  /**
   * A prompt longer than any test's limit: 1 MiB of ASCII, one token per character, on a line
   * longer than the default line limit.
   */
  static final int MEBIBYTE = 1 << 20;

  private JsonlCorpus() {}

  /**
   * One line.
   *
   * @param what a label for assertion messages
   * @param bytes the line without its final line feed ({@code \r} kept for CRLF lines)
   * @param reason the bad-row reason, or null for a kept or blank line
   * @param kept the prompt it becomes (its index is 0 until the reader numbers it), or null
   */
  record Line(String what, byte[] bytes, BadRowReason reason, Prompt kept) {
    boolean blank() {
      return reason == null && kept == null;
    }
  }

  private static Line good(String what, String json, String id, String task, String text,
      String answer) {
    return new Line(what, utf8(json), null, new Prompt(id, 0, task, text, answer));
  }

  private static Line bad(String what, String json, BadRowReason reason) {
    return new Line(what, utf8(json), reason, null);
  }

  /** {@code before}, the raw bytes, then {@code after}: a line with bytes JSON cannot carry. */
  private static Line bad(String what, String before, int[] raw, String after,
      BadRowReason reason) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(before));
    for (int b : raw) {
      out.write(b);
    }
    out.writeBytes(utf8(after));
    return new Line(what, out.toByteArray(), reason, null);
  }

  private static Line blank(String what, String text) {
    return new Line(what, utf8(text), null, null);
  }

  /** The corpus, line 1 first. 57 lines: 8 are kept, 3 are blank, the other 46 are bad. */
  static List<Line> lines() {
    String digits600 = "7".repeat(600);
    List<Line> l = new ArrayList<>();
    l.add(good("plain", "{\"id\":\"g1\",\"prompt\":\"What is 1+1?\",\"answer\":\"2\","
        + "\"task\":\"arith\"}", "g1", "arith", "What is 1+1?", "2"));
    // absent or null fields
    l.add(bad("no prompt", "{\"id\":\"m1\",\"answer\":\"2\"}", BadRowReason.MISSING_PROMPT));
    l.add(bad("null prompt", "{\"prompt\":null,\"answer\":\"2\"}", BadRowReason.MISSING_PROMPT));
    l.add(bad("no answer", "{\"prompt\":\"p\"}", BadRowReason.MISSING_ANSWER));
    l.add(bad("null answer", "{\"prompt\":\"p\",\"answer\":null}", BadRowReason.MISSING_ANSWER));
    // wrong types
    l.add(bad("number prompt", "{\"prompt\":5,\"answer\":\"1\"}", BadRowReason.WRONG_TYPE));
    l.add(bad("array prompt", "{\"prompt\":[\"a\"],\"answer\":\"1\"}", BadRowReason.WRONG_TYPE));
    l.add(bad("object prompt", "{\"prompt\":{\"text\":\"a\"},\"answer\":\"1\"}",
        BadRowReason.WRONG_TYPE));
    l.add(bad("boolean prompt", "{\"prompt\":true,\"answer\":\"1\"}", BadRowReason.WRONG_TYPE));
    l.add(bad("object answer", "{\"prompt\":\"p\",\"answer\":{\"v\":1}}",
        BadRowReason.WRONG_TYPE));
    l.add(bad("array answer", "{\"prompt\":\"p\",\"answer\":[1]}", BadRowReason.WRONG_TYPE));
    l.add(bad("boolean answer", "{\"prompt\":\"p\",\"answer\":false}", BadRowReason.WRONG_TYPE));
    l.add(bad("fractional id", "{\"id\":1.5,\"prompt\":\"p\",\"answer\":\"1\"}",
        BadRowReason.WRONG_TYPE));
    l.add(bad("object id", "{\"id\":{},\"prompt\":\"p\",\"answer\":\"1\"}",
        BadRowReason.WRONG_TYPE));
    l.add(bad("blank id", "{\"id\":\"  \",\"prompt\":\"p\",\"answer\":\"1\"}",
        BadRowReason.WRONG_TYPE));
    l.add(bad("number task", "{\"prompt\":\"p\",\"answer\":\"1\",\"task\":3}",
        BadRowReason.WRONG_TYPE));
    l.add(bad("empty task", "{\"prompt\":\"p\",\"answer\":\"1\",\"task\":\"\"}",
        BadRowReason.WRONG_TYPE));
    // invalid UTF-8, each pattern inside the prompt string
    String p = "{\"prompt\":\"a";
    String rest = "b\",\"answer\":\"1\"}";
    l.add(bad("lone continuation byte", p, new int[] {0x80}, rest, BadRowReason.INVALID_UTF8));
    l.add(bad("truncated 3-byte sequence", p, new int[] {0xE2, 0x82}, rest,
        BadRowReason.INVALID_UTF8));
    l.add(bad("line ends inside a sequence", "{\"prompt\":\"p\",\"answer\":\"1\"}",
        new int[] {0xF0, 0x9F, 0x99}, "", BadRowReason.INVALID_UTF8));
    l.add(bad("overlong 2-byte '/'", p, new int[] {0xC0, 0xAF}, rest, BadRowReason.INVALID_UTF8));
    l.add(bad("overlong 3-byte '/'", p, new int[] {0xE0, 0x80, 0xAF}, rest,
        BadRowReason.INVALID_UTF8));
    l.add(bad("overlong 4-byte '/'", p, new int[] {0xF0, 0x80, 0x80, 0xAF}, rest,
        BadRowReason.INVALID_UTF8));
    l.add(bad("encoded surrogate U+D800", p, new int[] {0xED, 0xA0, 0x80}, rest,
        BadRowReason.INVALID_UTF8));
    l.add(bad("above U+10FFFF", p, new int[] {0xF4, 0x90, 0x80, 0x80}, rest,
        BadRowReason.INVALID_UTF8));
    l.add(bad("bytes FE FF", p, new int[] {0xFE, 0xFF}, rest, BadRowReason.INVALID_UTF8));
    l.add(bad("Latin-1 e-acute", p, new int[] {0xE9}, rest, BadRowReason.INVALID_UTF8));
    l.add(bad("escaped lone surrogate", "{\"prompt\":\"p\",\"answer\":\"\\udc00\"}",
        BadRowReason.INVALID_UTF8));
    l.add(good("multibyte text, default id", "{\"prompt\":\"Combien font 2×3 ? 二乘三 🙂\","
        + "\"answer\":\"6\"}", FILE + ":29", "dataset", "Combien font 2×3 ? 二乘三 🙂", "6"));
    l.add(bad("1 MiB prompt, a line over the limit", "{\"prompt\":\"" + "x".repeat(MEBIBYTE)
        + "\",\"answer\":\"1\"}", BadRowReason.LINE_TOO_LONG));
    // blank lines are not rows
    l.add(blank("empty line", ""));
    l.add(blank("spaces and tabs", "   \t  "));
    l.add(blank("CRLF empty line", "\r"));
    // blank values
    l.add(bad("empty prompt", "{\"prompt\":\"\",\"answer\":\"1\"}", BadRowReason.EMPTY_PROMPT));
    l.add(bad("white-space prompt", "{\"prompt\":\"  \\n\\t \",\"answer\":\"1\"}",
        BadRowReason.EMPTY_PROMPT));
    l.add(bad("blank answer", "{\"prompt\":\"p\",\"answer\":\" \"}", BadRowReason.EMPTY_ANSWER));
    l.add(bad("id of line 1 again", "{\"id\":\"g1\",\"prompt\":\"again\",\"answer\":\"2\"}",
        BadRowReason.DUPLICATE_ID));
    l.add(good("CRLF line", "{\"id\":\"g2\",\"prompt\":\"3*3=\",\"answer\":\"9\"}\r", "g2",
        "dataset", "3*3=", "9"));
    l.add(good("600-digit answer, 23-digit integer id", "{\"id\":12345678901234567890123,"
        + "\"prompt\":\"big\",\"answer\":" + digits600 + "}", "12345678901234567890123",
        "dataset", "big", digits600));
    // numbers are kept as written, exponent and all
    l.add(good("exponent answer", "{\"id\":\"e1\",\"prompt\":\"huge\",\"answer\":1e400}", "e1",
        "dataset", "huge", "1e400"));
    l.add(good("small decimal answer", "{\"id\":\"e2\",\"prompt\":\"tiny\",\"answer\":0.0000001}",
        "e2", "dataset", "tiny", "0.0000001"));
    // not one JSON object
    l.add(bad("truncated object", "{\"prompt\":\"p\",\"ans", BadRowReason.MALFORMED_JSON));
    l.add(bad("array", "[1,2]", BadRowReason.MALFORMED_JSON));
    l.add(bad("string", "\"just a string\"", BadRowReason.MALFORMED_JSON));
    l.add(bad("null", "null", BadRowReason.MALFORMED_JSON));
    l.add(bad("two objects", "{\"prompt\":\"p\",\"answer\":\"1\"} {}",
        BadRowReason.MALFORMED_JSON));
    l.add(bad("raw control character", "{\"prompt\":\"a\u0001b\",\"answer\":\"1\"}",
        BadRowReason.MALFORMED_JSON));
    l.add(bad("prompt given twice", "{\"prompt\":\"a\",\"prompt\":\"b\",\"answer\":\"1\"}",
        BadRowReason.MALFORMED_JSON));
    l.add(bad("10,000-deep nesting", "{\"prompt\":\"p\",\"answer\":\"1\",\"x\":"
        + "[".repeat(10_000) + "]".repeat(10_000) + "}", BadRowReason.MALFORMED_JSON));
    l.add(bad("1,500-digit number", "{\"prompt\":\"p\",\"answer\":" + "9".repeat(1500) + "}",
        BadRowReason.MALFORMED_JSON));
    l.add(bad("single quotes", "{'prompt':'p','answer':'1'}", BadRowReason.MALFORMED_JSON));
    l.add(bad("NaN answer", "{\"prompt\":\"p\",\"answer\":NaN}", BadRowReason.MALFORMED_JSON));
    l.add(bad("unquoted field name", "{prompt:\"p\",\"answer\":\"1\"}",
        BadRowReason.MALFORMED_JSON));
    l.add(bad("4,000-character prompt", "{\"prompt\":\"" + "x".repeat(4000)
        + "\",\"answer\":\"1\"}", BadRowReason.PROMPT_TOO_LONG));
    l.add(good("byte-order mark, unknown and nested fields", "\uFEFF{\"id\":\"g3\",\"prompt\":"
        + "\"2+2=\",\"answer\":\"4\",\"meta\":{\"a\":[1,{\"b\":null}]},\"level\":3}", "g3",
        "dataset", "2+2=", "4"));
    l.add(bad("id of a CRLF line again", "{\"id\":\"g2\",\"prompt\":\"q\",\"answer\":\"1\"}",
        BadRowReason.DUPLICATE_ID));
    l.add(good("last line, no newline", "{\"id\":\"last\",\"prompt\":\"4-1=\",\"answer\":\"3\"}",
        "last", "dataset", "4-1=", "3"));
    return l;
  }

  /**
   * Writes {@code lines} to {@code file}, each followed by a line feed except the last (a final
   * line without one must still be read).
   */
  static void write(Path file, List<Line> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      out.writeBytes(lines.get(i).bytes());
      if (i < lines.size() - 1) {
        out.write('\n');
      }
    }
    try {
      Files.write(file, out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kept prompts of {@code lines}, numbered 0, 1, ... in line order. */
  static List<Prompt> kept(List<Line> lines) {
    List<Prompt> kept = new ArrayList<>();
    for (Line line : lines) {
      if (line.kept() != null) {
        Prompt p = line.kept();
        kept.add(new Prompt(p.id(), kept.size(), p.taskName(), p.text(), p.referenceAnswer()));
      }
    }
    return kept;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
