package dev.ngrpo.orchestrator.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ngrpo.core.data.Prompt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps the lines of a JSONL dataset to prompts. Each line is one JSON object whose fields are
 * named by {@link JsonlFields} (defaults {@code id}, {@code prompt}, {@code answer},
 * {@code task}):
 * <pre>
 * {"id": "gsm8k-17", "prompt": "What is 6 * 7?", "answer": "42", "task": "gsm8k"}
 * </pre>
 * <ul>
 *   <li>prompt: a non-blank string; answer: a non-blank string or a JSON number (kept as
 *       written: {@code 2.50} stays {@code "2.50"}, {@code 1e-7} stays {@code "1e-7"});</li>
 *   <li>id: a string or an integer; when the field is absent (or its name is empty) the id is
 *       {@code <file name>:<line>}. Ids are unique over everything one instance reads (all
 *       files of a dataset): a later row with the id of a kept row is a bad row
 *       ({@link BadRowReason#DUPLICATE_ID}) and the first is kept;</li>
 *   <li>task: a non-blank string; when absent, the configured default task name.</li>
 * </ul>
 * A line that is not one JSON object with distinct field names, or that fails any of this, is
 * a bad row ({@link BadRows}), located by file and 1-based line number. Lines are decoded with
 * a reporting UTF-8 decoder, so invalid bytes are caught (with their byte offset) rather than
 * silently replaced. A line longer than {@code ngrpo.data.max-line-bytes} is a bad row
 * ({@link BadRowReason#LINE_TOO_LONG}) that {@link #read} skips without holding it. Blank lines
 * are not rows and are
 * skipped by {@link #read}. A UTF-8 byte-order mark before the first line is allowed.
 */
public final class JsonlRows {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // {"prompt": "a", "prompt": "b"} is ambiguous (RFC 8259 leaves it to the reader): a bad
      // row, not whichever value the parser happens to keep.
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private static final String UNIT = "line";

  private final JsonlFields fields;
  private final String defaultTask;
  private final PromptCheck check;
  private final int maxLineBytes;

  /**
   * Rows of lines up to {@link DataSettings#DEFAULT_MAX_LINE_BYTES}.
   *
   * @param fields the names of the fields to read
   * @param defaultTask task name of rows without a task field
   * @param limit the prompt length limit
   * @param bad where bad rows go
   */
  public JsonlRows(JsonlFields fields, String defaultTask, PromptLimit limit, BadRows bad) {
    this(fields, defaultTask, limit, bad, DataSettings.DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * @param fields the names of the fields to read
   * @param defaultTask task name of rows without a task field
   * @param limit the prompt length limit
   * @param bad where bad rows go
   * @param maxLineBytes longest line, in bytes before its {@code \n}; a longer one is a bad
   *     row ({@link BadRowReason#LINE_TOO_LONG})
   */
  public JsonlRows(JsonlFields fields, String defaultTask, PromptLimit limit, BadRows bad,
      int maxLineBytes) {
    this.fields = Objects.requireNonNull(fields, "fields");
    this.defaultTask = Objects.requireNonNull(defaultTask, "defaultTask");
    this.check = new PromptCheck(Objects.requireNonNull(limit, "limit"),
        Objects.requireNonNull(bad, "bad"));
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException(DataSettings.MAX_LINE_BYTES + " must be >= 1, got "
          + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Every prompt of a JSONL stream, in line order, with indices {@code firstIndex,
   * firstIndex + 1, ...} over the good rows. Does not close {@code in}. A line longer than the
   * limit is counted as it streams by and never buffered past the limit, so a file that is one
   * multi-gigabyte line costs the limit in memory, not the line.
   *
   * @param file the stream's path, for ids and messages
   */
  public List<Prompt> read(InputStream in, String file, long firstIndex) {
    List<Prompt> prompts = new ArrayList<>();
    try {
      BoundedLines.split(in, maxLineBytes, (number, bytes, length) ->
          (bytes == null ? tooLong(file, number, length)
              : mapLine(bytes, file, number, firstIndex + prompts.size()))
              .ifPresent(prompts::add));
    } catch (BoundedLines.LineReadException e) {
      throw new UncheckedIOException("cannot read " + file + " after line " + e.linesRead(),
          e);
    }
    return prompts;
  }

  private Optional<Prompt> tooLong(String file, long lineNumber, long bytes) {
    return reject(file, lineNumber, BadRowReason.LINE_TOO_LONG, bytes + " bytes, more than "
        + DataSettings.MAX_LINE_BYTES + " = " + maxLineBytes);
  }

  private Optional<Prompt> mapLine(byte[] bytes, String file, long lineNumber, long index) {
    return isBlank(bytes) ? Optional.empty() : map(bytes, file, lineNumber, index);
  }

  /**
   * The prompt of one line (its bytes, without the line break), or empty when the line is a
   * bad row (recorded in {@link BadRows}).
   *
   * @param lineNumber the line's 1-based number in {@code file}
   * @param index the prompt index to give it
   */
  public Optional<Prompt> map(byte[] line, String file, long lineNumber, long index) {
    if (line.length > maxLineBytes) {
      return tooLong(file, lineNumber, line.length);
    }
    int length = line.length;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(line, 0, length);
    CharBuffer out = CharBuffer.allocate(length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      return reject(file, lineNumber, BadRowReason.INVALID_UTF8,
          "invalid UTF-8 byte sequence at byte " + in.position());
    }
    String text = out.flip().toString();
    return parse(text.startsWith("\uFEFF") ? text.substring(1) : text, file, lineNumber, index);
  }

  private Optional<Prompt> parse(String text, String file, long lineNumber, long index) {
    JsonNode row;
    try {
      row = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return reject(file, lineNumber, BadRowReason.MALFORMED_JSON,
          PromptCheck.excerpt(e.getOriginalMessage()));
    }
    if (row == null || !row.isObject()) {
      return reject(file, lineNumber, BadRowReason.MALFORMED_JSON, "not a JSON object: '"
          + PromptCheck.excerpt(text.strip()) + "'");
    }
    JsonNode prompt = field(row, fields.prompt());
    if (prompt == null) {
      return reject(file, lineNumber, BadRowReason.MISSING_PROMPT,
          "no field '" + fields.prompt() + "'");
    }
    if (!prompt.isTextual()) {
      return wrongType(file, lineNumber, fields.prompt(), "a string", prompt);
    }
    JsonNode answer = field(row, fields.answer());
    if (answer == null) {
      return reject(file, lineNumber, BadRowReason.MISSING_ANSWER,
          "no field '" + fields.answer() + "'");
    }
    if (!answer.isTextual() && !answer.isNumber()) {
      return wrongType(file, lineNumber, fields.answer(), "a string or a number", answer);
    }
    String answerText = answer.isTextual() ? answer.textValue()
        : numberAsWritten(text, fields.answer());
    String id = PromptCheck.baseName(file) + ":" + lineNumber;
    JsonNode idNode = field(row, fields.id());
    if (idNode != null) {
      if (!(idNode.isTextual() && !idNode.textValue().isBlank()) && !idNode.isIntegralNumber()) {
        return wrongType(file, lineNumber, fields.id(), "a non-blank string or an integer", idNode);
      }
      id = idNode.asText();
    }
    String task = defaultTask;
    JsonNode taskNode = field(row, fields.task());
    if (taskNode != null) {
      if (!taskNode.isTextual() || taskNode.textValue().isBlank()) {
        return wrongType(file, lineNumber, fields.task(), "a non-blank string", taskNode);
      }
      task = taskNode.textValue();
    }
    return check.check(file, UNIT, lineNumber, index, id, task, prompt.textValue(), answerText);
  }

  /**
   * The number in field {@code name} of the JSON object {@code text}, as written: a parsed
   * number prints in its own form ({@code 0.0000001} as {@code 1E-7}, {@code 1e400} as
   * {@code 1E+400}), which a verifier comparing strings would then fail to match.
   */
  private static String numberAsWritten(String text, String name) {
    try (JsonParser parser = JSON.createParser(text)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals(name) && value.isNumeric()) {
          return parser.getText();
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot re-read a line that parsed: "
          + PromptCheck.excerpt(text), e);
    }
    throw new IllegalStateException("no number in field '" + name + "' of a line that has one: "
        + PromptCheck.excerpt(text));
  }

  /** The non-null value of field {@code name} ("" names no field), or null. */
  private static JsonNode field(JsonNode row, String name) {
    if (name.isEmpty()) {
      return null;
    }
    JsonNode node = row.get(name);
    return node == null || node.isNull() ? null : node;
  }

  private Optional<Prompt> wrongType(String file, long lineNumber, String name, String expected,
      JsonNode value) {
    return reject(file, lineNumber, BadRowReason.WRONG_TYPE, "field '" + name + "' must be "
        + expected + ", got " + value.getNodeType().name().toLowerCase(Locale.ROOT) + " "
        + PromptCheck.excerpt(value.toString()));
  }

  private Optional<Prompt> reject(String file, long lineNumber, BadRowReason reason,
      String detail) {
    return check.reject(file, UNIT, lineNumber, reason, detail);
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
