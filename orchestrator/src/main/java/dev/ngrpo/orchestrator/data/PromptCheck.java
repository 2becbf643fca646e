package dev.ngrpo.orchestrator.data;

import dev.ngrpo.core.data.Prompt;
import java.util.Optional;

/**
 * The checks every dataset row passes once its fields are read, whatever its file format:
 * non-blank prompt and answer, well-formed UTF-16 (no unpaired surrogate, which a JSON escape
 * such as {@code "\ud800"} can produce from valid UTF-8 bytes), the prompt length limit, and
 * an id not kept before in the same read ({@link PromptIds}). The id comes last, so a row
 * that is bad for another reason does not claim it.
 */
final class PromptCheck {
  private final PromptLimit limit;
  private final BadRows bad;
  private final PromptIds ids = new PromptIds();

  PromptCheck(PromptLimit limit, BadRows bad) {
    this.limit = limit;
    this.bad = bad;
  }

  /** A rejected row: recorded (or thrown under fail), and no prompt. */
  Optional<Prompt> reject(String file, String unit, long number, BadRowReason reason,
      String detail) {
    bad.reject(new BadRow(file, unit, number, reason, detail));
    return Optional.empty();
  }

  Optional<Prompt> check(String file, String unit, long number, long index, String id,
      String task, String text, String answer) {
    if (text.isBlank()) {
      return reject(file, unit, number, BadRowReason.EMPTY_PROMPT, "the prompt is blank");
    }
    if (answer.isBlank()) {
      return reject(file, unit, number, BadRowReason.EMPTY_ANSWER, "the answer is blank");
    }
    String[][] fields = {{"prompt", text}, {"answer", answer}, {"id", id}, {"task", task}};
    for (String[] field : fields) {
      int at = unpairedSurrogate(field[1]);
      if (at >= 0) {
        return reject(file, unit, number, BadRowReason.INVALID_UTF8, String.format(
            "unpaired surrogate U+%04X at character %d of the %s", (int) field[1].charAt(at), at,
            field[0]));
      }
    }
    String tooLong = limit.excess(text);
    if (tooLong != null) {
      return reject(file, unit, number, BadRowReason.PROMPT_TOO_LONG, "the prompt has " + tooLong);
    }
    String first = ids.claim(id, file, unit, number);
    if (first != null) {
      return reject(file, unit, number, BadRowReason.DUPLICATE_ID, "id '" + excerpt(id)
          + "' was already used by " + first + "; the first is kept");
    }
    return Optional.of(new Prompt(id, index, task, text, answer));
  }

  /** Index of the first unpaired surrogate of {@code s}, or -1. */
  static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** At most 60 characters of {@code s}, for messages. */
  static String excerpt(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }

  /** The last segment of a path or URI, for default ids. */
  static String baseName(String file) {
    int slash = file.lastIndexOf('/');
    return slash >= 0 && slash < file.length() - 1 ? file.substring(slash + 1) : file;
  }
}
