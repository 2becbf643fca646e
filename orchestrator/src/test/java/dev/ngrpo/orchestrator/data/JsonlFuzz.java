package dev.ngrpo.orchestrator.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.orchestrator.data.JsonlCorpus.Line;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of JSONL lines: well-formed rows with random Unicode text, random ids and
 * answers (strings, integers of up to 900 digits, decimals), mixed with lines that each carry
 * exactly one defect of a random kind, and lines of random bytes. Every line comes with what
 * reading it must give, so a test can check the reader line by line. Random-byte lines have
 * no single expected reason: they are marked {@link #GARBAGE} and must be rejected as invalid
 * UTF-8 or malformed JSON.
 */
final class JsonlFuzz {
  /** Marker reason of random-byte lines: INVALID_UTF8 or MALFORMED_JSON, whichever comes first. */
  static final BadRowReason GARBAGE = null;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int[][] INVALID_UTF8 = {
      {0x80}, {0xBF}, {0xC0, 0xAF}, {0xC1, 0xBF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80},
      {0xED, 0xBF, 0xBF}, {0xF0, 0x80, 0x80, 0xAF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5}, {0xFE},
      {0xFF}, {0xE2, 0x82}, {0xF0, 0x9F, 0x99}, {0xC3}};

  private final SplittableRandom random;
  private final String file;
  private final int maxPromptTokens;
  private final int maxLineBytes;
  private final List<String> keptIds = new ArrayList<>();
  private long lineNumber;
  private long nextId;

  /**
   * @param seed the generator's seed
   * @param file the file name the lines will be read under (default ids)
   * @param maxPromptTokens the reader's prompt limit; prompts are one token per code point
   * @param maxLineBytes the reader's line limit; every other line stays well below it
   */
  JsonlFuzz(long seed, String file, int maxPromptTokens, int maxLineBytes) {
    this.random = new SplittableRandom(seed);
    this.file = file;
    this.maxPromptTokens = maxPromptTokens;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * A line with what it must give: a kept prompt (index 0; {@link JsonlCorpus#kept} numbers
   * them), a bad row of one reason, {@link #GARBAGE}, or a blank line.
   */
  record Expected(Line line, boolean garbage) {}

  /** The next {@code n} lines. */
  List<Expected> lines(int n) {
    List<Expected> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lineNumber++;
      out.add(next());
    }
    return out;
  }

  private Expected next() {
    int kind = random.nextInt(100);
    if (kind < 40) {
      return good();
    }
    if (kind < 43) {
      return plain(new Line("blank", JsonlCorpus.utf8(" \t\r".substring(random.nextInt(3))),
          null, null));
    }
    if (kind < 48) {
      return bad("missing prompt", row(null, text(), answerText(), null), BadRowReason
          .MISSING_PROMPT, random.nextBoolean() ? "prompt" : null);
    }
    if (kind < 53) {
      return bad("missing answer", row(null, text(), answerText(), null),
          BadRowReason.MISSING_ANSWER, random.nextBoolean() ? "answer" : null);
    }
    if (kind < 58) {
      return plain(bad("blank prompt", row(null, blank(), answerText(), null),
          BadRowReason.EMPTY_PROMPT));
    }
    if (kind < 61) {
      return plain(bad("blank answer", row(null, text(), blank(), null),
          BadRowReason.EMPTY_ANSWER));
    }
    if (kind < 70) {
      return plain(wrongType());
    }
    if (kind < 77) {
      return plain(invalidUtf8());
    }
    if (kind < 80) {
      // written by hand: a JSON writer refuses to write a lone surrogate
      String escape = String.format("\\u%04x", 0xD800 + random.nextInt(0x800));
      return plain(new Line("escaped lone surrogate", JsonlCorpus.utf8("{\"prompt\":\""
          + asciiText() + escape + "x\",\"answer\":\"1\"}"), BadRowReason.INVALID_UTF8, null));
    }
    if (kind < 87) {
      return plain(malformed());
    }
    if (kind < 89) {
      return plain(bad("prompt over the limit", row(null, "q" + "y".repeat(maxPromptTokens
          + random.nextInt(3 * maxPromptTokens)), answerText(), null),
          BadRowReason.PROMPT_TOO_LONG));
    }
    if (kind < 90) {
      return plain(bad("line over the limit", row(null, "z".repeat(maxLineBytes
          + random.nextInt(100)), answerText(), null), BadRowReason.LINE_TOO_LONG));
    }
    if (kind < 95 && !keptIds.isEmpty()) {
      String id = keptIds.get(random.nextInt(keptIds.size()));
      return plain(bad("duplicate id", row(id, text(), answerText(), null),
          BadRowReason.DUPLICATE_ID));
    }
    if (kind < 95) {
      return good();
    }
    return new Expected(new Line("random bytes", garbage(), null, null), true);
  }

  private static Expected plain(Line line) {
    return new Expected(line, false);
  }

  private Expected good() {
    String text = text();
    String task = random.nextInt(4) == 0 ? "task-" + random.nextInt(3) : null;
    String id;
    ObjectNode row = NODES.objectNode();
    int idKind = random.nextInt(3);
    if (idKind == 0) {
      id = "id-" + nextId++;
      row.put("id", id);
    } else if (idKind == 1) {
      BigInteger n = BigInteger.TEN.pow(20).add(BigInteger.valueOf(nextId++));
      id = n.toString();
      row.put("id", n);
    } else {
      id = file + ":" + lineNumber;
    }
    keptIds.add(id);
    row.put("prompt", text);
    String answer;
    int answerKind = random.nextInt(3);
    if (answerKind == 0) {
      answer = answerText();
      row.put("answer", answer);
    } else {
      answer = answerKind == 1 ? integer(1 + random.nextInt(900))
          : integer(1 + random.nextInt(20)) + "." + "0".repeat(random.nextInt(3))
              + (1 + random.nextInt(9));
      row.set("answer", NODES.numberNode(new BigDecimal(answer)));
    }
    if (task != null) {
      row.put("task", task);
    }
    Line line = new Line("good", json(row), null,
        new Prompt(id, 0, task == null ? "dataset" : task, text, answer));
    return plain(line);
  }

  /**
   * {@code row} without its prompt (MISSING_PROMPT) or answer (MISSING_ANSWER): the field is
   * removed, or set to JSON null when {@code nullField} names it.
   */
  private Expected bad(String what, ObjectNode row, BadRowReason reason, String nullField) {
    if (nullField != null) {
      row.putNull(nullField);
    } else {
      row.remove(reason == BadRowReason.MISSING_PROMPT ? "prompt" : "answer");
    }
    return plain(bad(what, row, reason));
  }

  private static Line bad(String what, ObjectNode row, BadRowReason reason) {
    return new Line(what, json(row), reason, null);
  }

  private Line wrongType() {
    ObjectNode row = row(null, text(), answerText(), null);
    String[] fields = {"prompt", "answer", "id", "task"};
    String field = fields[random.nextInt(fields.length)];
    switch (random.nextInt(5)) {
      case 0 -> row.set(field, NODES.arrayNode().add(text()));
      case 1 -> row.set(field, NODES.objectNode().put("v", text()));
      case 2 -> row.put(field, random.nextBoolean());
      case 3 -> {
        if (field.equals("answer")) {
          row.put(field, random.nextBoolean()); // a number is a valid answer
        } else {
          row.put(field, field.equals("id") ? 0.5 + random.nextInt(100) : random.nextInt(100));
        }
      }
      default -> {
        if (field.equals("prompt") || field.equals("answer")) {
          row.set(field, NODES.arrayNode()); // blank strings there are EMPTY_*, not wrong types
        } else {
          row.put(field, " ".repeat(random.nextInt(3)));
        }
      }
    }
    return bad("wrong type of " + field, row, BadRowReason.WRONG_TYPE);
  }

  /** A good row's bytes with an invalid UTF-8 sequence spliced into its prompt. */
  private Line invalidUtf8() {
    byte[] head = JsonlCorpus.utf8("{\"prompt\":\"" + escapeFree(text()));
    byte[] tail = JsonlCorpus.utf8(escapeFree(text()) + "\",\"answer\":\"1\"}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head);
    for (int b : INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]) {
      out.write(b);
    }
    out.writeBytes(tail);
    return new Line("invalid UTF-8", out.toByteArray(), BadRowReason.INVALID_UTF8, null);
  }

  /** A well-formed row cut short, or with one structural character replaced or added. */
  private Line malformed() {
    String good = new String(json(row(null, asciiText(), answerText(), null)),
        StandardCharsets.UTF_8);
    String broken = switch (random.nextInt(4)) {
      case 0 -> good.substring(0, 1 + random.nextInt(good.length() - 1));
      case 1 -> good.replace(':', '=');
      case 2 -> good + "}";
      default -> "[" + good + "]";
    };
    return new Line("malformed JSON", JsonlCorpus.utf8(broken), BadRowReason.MALFORMED_JSON,
        null);
  }

  /** 1 to 200 random bytes, none of them a line feed or '{', not all blank. */
  private byte[] garbage() {
    byte[] bytes = new byte[1 + random.nextInt(200)];
    for (int i = 0; i < bytes.length; i++) {
      int b;
      do {
        b = random.nextInt(256);
      } while (b == '\n' || b == '{' || b == ' ' || b == '\t' || b == '\r');
      bytes[i] = (byte) b;
    }
    return bytes;
  }

  private ObjectNode row(String id, String prompt, String answer, String task) {
    ObjectNode row = NODES.objectNode();
    if (id != null) {
      row.put("id", id);
    }
    row.put("prompt", prompt);
    row.put("answer", answer);
    if (task != null) {
      row.put("task", task);
    }
    return row;
  }

  /**
   * 1 to 200 code points starting with 'q': ASCII, Latin-1, Cyrillic, CJK, emoji, control
   * characters (escaped by the JSON writer) and quotes, never a lone surrogate.
   */
  private String text() {
    StringBuilder s = new StringBuilder("q");
    int n = random.nextInt(200);
    for (int i = 0; i < n; i++) {
      int cp = switch (random.nextInt(7)) {
        case 0 -> 0x20 + random.nextInt(0x5F);
        case 1 -> 0xA0 + random.nextInt(0x60);
        case 2 -> 0x400 + random.nextInt(0x100);
        case 3 -> 0x4E00 + random.nextInt(0x5000);
        case 4 -> 0x1F600 + random.nextInt(0x50);
        case 5 -> random.nextInt(0x20);
        default -> "\"\\/<|>".charAt(random.nextInt(6));
      };
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  private String asciiText() {
    StringBuilder s = new StringBuilder("q");
    for (int n = random.nextInt(40); n > 0; n--) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }

  /** {@link #text} without characters the JSON writer would escape, for raw byte splicing. */
  private static String escapeFree(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().filter(cp -> cp >= 0x20 && cp != '"' && cp != '\\')
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private String answerText() {
    return random.nextBoolean() ? integer(1 + random.nextInt(6)) : "\\frac{" + (1
        + random.nextInt(9)) + "}{" + (2 + random.nextInt(9)) + "}";
  }

  private String blank() {
    return " \t\n\u2003".substring(random.nextInt(4)).repeat(random.nextInt(3));
  }

  /** A positive integer of {@code digits} digits, no leading zero. */
  private String integer(int digits) {
    StringBuilder s = new StringBuilder().append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < digits; i++) {
      s.append((char) ('0' + random.nextInt(10)));
    }
    return s.toString();
  }

  private static byte[] json(ObjectNode row) {
    try {
      return JSON.writeValueAsBytes(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
