package dev.ngrpo.orchestrator.data;

import dev.ngrpo.core.data.Prompt;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps rows of a Parquet dataset in the verl layout to prompts. The reader (the orchestrator,
 * through Spark) hands each row over as nested Java values: structs as {@link Map}s, arrays as
 * {@link List}s, strings as {@link String}s, numbers as {@link Number}s.
 * <pre>
 * prompt        list of {role, content}   the chat; the LAST "user" message is the prompt text
 * reward_model  {ground_truth, ...}       ground_truth (a string or a finite number) is the
 *                                         answer
 * data_source   string, optional          the task name (else the configured default)
 * extra_info    {index, ...}, optional    index (an integer or a string) makes the id
 *                                         "data_source:index" (else "file:row")
 * </pre>
 * A numeric ground truth becomes text in plain notation, so that verifiers read it as a
 * number: a double {@code 1e-7} is {@code "0.0000001"}, a {@code decimal(10,2)} keeps its
 * scale ({@code "2.50"}), an integral double loses its {@code .0}.
 *
 * <p>Other messages of the chat (a system message, earlier turns) are not carried: a
 * {@link Prompt} holds one user message, and the chat template is applied at tokenization.
 * {@code extra_info.index} names the prompt but does not become {@link Prompt#index()}: that
 * one is dense and given by the reader, because seeds derive from it. Ids are unique over
 * everything one instance maps (all files of a dataset): a later row with the id of a kept row
 * is a bad row ({@link BadRowReason#DUPLICATE_ID}) and the first is kept. A row that breaks
 * any of this is a bad row ({@link BadRows}), located by file and row number.
 */
public final class VerlRows {
  private static final String UNIT = "row";

  private final String defaultTask;
  private final PromptCheck check;

  /**
   * @param defaultTask task name of rows without {@code data_source}
   * @param limit the prompt length limit
   * @param bad where bad rows go
   */
  public VerlRows(String defaultTask, PromptLimit limit, BadRows bad) {
    this.defaultTask = Objects.requireNonNull(defaultTask, "defaultTask");
    this.check = new PromptCheck(Objects.requireNonNull(limit, "limit"),
        Objects.requireNonNull(bad, "bad"));
  }

  /**
   * The prompt of one row, or empty when the row is bad (recorded in {@link BadRows}).
   *
   * @param row the row's columns by name
   * @param file the file it came from
   * @param rowNumber the row's number in {@code file}, for messages
   * @param index the prompt index to give it
   */
  public Optional<Prompt> map(Map<String, ?> row, String file, long rowNumber, long index) {
    Object chat = row.get("prompt");
    if (chat == null) {
      return reject(file, rowNumber, BadRowReason.MISSING_PROMPT, "no column 'prompt'");
    }
    if (!(chat instanceof List<?> messages)) {
      return wrongType(file, rowNumber, "prompt", "a list of chat messages", chat);
    }
    String text = null;
    for (int i = 0; i < messages.size(); i++) {
      if (!(messages.get(i) instanceof Map<?, ?> message)
          || !(message.get("role") instanceof String role)
          || !(message.get("content") instanceof String content)) {
        return wrongType(file, rowNumber, "prompt[" + i + "]",
            "a message with string 'role' and 'content'", messages.get(i));
      }
      if (role.equals("user")) {
        text = content;
      }
    }
    if (text == null) {
      return reject(file, rowNumber, BadRowReason.MISSING_PROMPT,
          "the chat in 'prompt' has no user message");
    }
    Object rewardModel = row.get("reward_model");
    if (rewardModel == null) {
      return reject(file, rowNumber, BadRowReason.MISSING_ANSWER, "no column 'reward_model'");
    }
    if (!(rewardModel instanceof Map<?, ?> reward)) {
      return wrongType(file, rowNumber, "reward_model", "a struct", rewardModel);
    }
    Object truth = reward.get("ground_truth");
    if (truth == null) {
      return reject(file, rowNumber, BadRowReason.MISSING_ANSWER,
          "no field 'reward_model.ground_truth'");
    }
    String answer = truth instanceof String s ? s
        : truth instanceof Number n ? plainNumber(n) : null;
    if (answer == null) {
      return wrongType(file, rowNumber, "reward_model.ground_truth",
          "a string or a finite number", truth);
    }
    String task = defaultTask;
    Object source = row.get("data_source");
    if (source != null) {
      if (!(source instanceof String s) || s.isBlank()) {
        return wrongType(file, rowNumber, "data_source", "a non-blank string", source);
      }
      task = s;
    }
    String id = PromptCheck.baseName(file) + ":" + rowNumber;
    Object extra = row.get("extra_info");
    if (extra != null) {
      if (!(extra instanceof Map<?, ?> info)) {
        return wrongType(file, rowNumber, "extra_info", "a struct", extra);
      }
      Object extraIndex = info.get("index");
      if (extraIndex != null) {
        if (!isInteger(extraIndex) && !(extraIndex instanceof String)) {
          return wrongType(file, rowNumber, "extra_info.index", "an integer or a string",
              extraIndex);
        }
        id = task + ":" + extraIndex;
      }
    }
    return check.check(file, UNIT, rowNumber, index, id, task, text, answer);
  }

  /**
   * {@code n} in plain notation, or null when it is not finite. Java prints small and large
   * numbers in scientific notation ({@code 1.0E-7}, {@code 1.00E-7} for a decimal column), which
   * the verifiers compare as text rather than as the number; plain notation reads as a number.
   * A decimal keeps its column's scale ({@code 2.50}); a float or double its shortest form,
   * without a trailing {@code .0} ({@code 2.0} becomes {@code 2}).
   */
  private static String plainNumber(Number n) {
    if (n instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (n instanceof Double || n instanceof Float) {
      double v = n.doubleValue();
      if (!Double.isFinite(v)) {
        return null;
      }
      // Float.toString: the float's own shortest digits (0.1f is "0.1", not 0.100000001...)
      String shortest = n instanceof Float f ? Float.toString(f) : Double.toString(v);
      return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
    }
    return n.toString();
  }

  private static boolean isInteger(Object o) {
    return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
        || o instanceof BigInteger;
  }

  /** A WRONG_TYPE row; {@code value} may be null (a null message in a chat array). */
  private Optional<Prompt> wrongType(String file, long rowNumber, String name, String expected,
      Object value) {
    String got = value == null ? "null" : value.getClass().getSimpleName()
        .toLowerCase(Locale.ROOT) + " " + PromptCheck.excerpt(String.valueOf(value));
    return reject(file, rowNumber, BadRowReason.WRONG_TYPE, "'" + name + "' must be " + expected
        + ", got " + got);
  }

  private Optional<Prompt> reject(String file, long rowNumber, BadRowReason reason,
      String detail) {
    return check.reject(file, UNIT, rowNumber, reason, detail);
  }
}
