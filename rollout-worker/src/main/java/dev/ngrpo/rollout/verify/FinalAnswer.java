package dev.ngrpo.rollout.verify;

/**
 * The final answer of a response, found the way the MATH evaluation does: the content of the
 * last {@code \boxed{...}} (or {@code \fbox{...}}), else the text after the last "the answer
 * is", else the last number.
 *
 * <p>Every search is a single pass over the text with no regular expression, and an answer
 * longer than {@link #MAX_ANSWER_CHARS} is given up on as soon as the scan has seen that many
 * characters, so the work is linear in the response length whatever the response holds
 * (thousands of nested braces, a megabyte of digits). Giving up is not the same as finding no
 * answer: it is {@link #OVER_CAP}, which the verifiers report as a rejected response
 * ({@link Verdict#REJECTED}).
 *
 * @param text the answer; null when there is none or it is over the cap
 * @param overCap true when the answer was longer than {@link #MAX_ANSWER_CHARS} and not read
 */
record FinalAnswer(String text, boolean overCap) {
  /** Longest answer considered; real MATH answers are far shorter (matrices are ~200 chars). */
  static final int MAX_ANSWER_CHARS = 1000;

  /** No answer: no box, phrase or number, or a malformed box. */
  static final FinalAnswer NONE = new FinalAnswer(null, false);

  /** An answer longer than {@link #MAX_ANSWER_CHARS}, given up on. */
  static final FinalAnswer OVER_CAP = new FinalAnswer(null, true);

  private static final String BOXED = "\\boxed";
  private static final String FBOX = "\\fbox";
  private static final String ANSWER_PHRASE = "the answer is";

  FinalAnswer {
    if (overCap && text != null) {
      throw new IllegalArgumentException("an answer over the cap has no text, got '" + text + "'");
    }
  }

  private static FinalAnswer found(String text) {
    return new FinalAnswer(text, false);
  }

  /**
   * The answer of {@code text} in {@code format}. With {@link AnswerFormat#BOXED} only a boxed
   * answer counts. When the text has a box, its last box is the answer, even when that box is
   * malformed: a broken box is a wrong answer, not a reason to guess from the surrounding text.
   * A sentence after "the answer is" that is over the cap falls back to the last number, as an
   * absent phrase does; only when there is no number either is the answer over the cap.
   */
  static FinalAnswer of(String text, AnswerFormat format) {
    int box = lastBoxCommand(text);
    if (box >= 0) {
      return boxContent(text, box);
    }
    if (format == AnswerFormat.BOXED) {
      return NONE;
    }
    FinalAnswer phrase = afterAnswerPhrase(text);
    if (phrase.text() != null) {
      return phrase;
    }
    FinalAnswer number = lastNumber(text);
    return phrase.overCap() && number.text() == null ? OVER_CAP : number;
  }

  /** Content of the last box of {@code text}: none when it has no box or it is malformed. */
  static FinalAnswer lastBoxed(String text) {
    int box = lastBoxCommand(text);
    return box < 0 ? NONE : boxContent(text, box);
  }

  /** Index just past the name of the last {@code \boxed}/{@code \fbox} command, or -1. */
  private static int lastBoxCommand(String text) {
    int boxed = text.lastIndexOf(BOXED);
    int fbox = text.lastIndexOf(FBOX);
    if (boxed < 0 && fbox < 0) {
      return -1;
    }
    return boxed > fbox ? boxed + BOXED.length() : fbox + FBOX.length();
  }

  /**
   * The argument of the box command whose name ends at {@code from}: a brace-balanced group
   * ({@code \boxed{\frac{1}{2}}}) or, as in "\boxed 5", one space-delimited token. A group
   * still open when the text ends is malformed (none); one still open after
   * {@link #MAX_ANSWER_CHARS} characters, with text left, is over the cap.
   */
  private static FinalAnswer boxContent(String text, int from) {
    int i = from;
    int n = text.length();
    while (i < n && text.charAt(i) == ' ') {
      i++;
    }
    if (i >= n) {
      return NONE;
    }
    if (text.charAt(i) == '{') {
      String group = bracedGroup(text, i);
      if (group != null) {
        return found(group);
      }
      return n - i > MAX_ANSWER_CHARS + 2 ? OVER_CAP : NONE;
    }
    if (i == from) {
      return NONE; // a longer command such as \boxedfoo, not a box
    }
    int end = i;
    while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '$') {
      if (end - i >= MAX_ANSWER_CHARS) {
        return OVER_CAP;
      }
      end++;
    }
    return found(text.substring(i, end));
  }

  /**
   * Content of the group opening at {@code open} (a '{'), or null when it is unbalanced or
   * longer than {@link #MAX_ANSWER_CHARS}. Iterative: nesting depth costs nothing. A backslash
   * and the character after it are one token, so {@code \{} and {@code \}} do not count.
   */
  static String bracedGroup(String text, int open) {
    int depth = 0;
    int n = text.length();
    int limit = (int) Math.min(n, (long) open + MAX_ANSWER_CHARS + 2);
    for (int i = open; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return text.substring(open + 1, i);
        }
      }
    }
    return null;
  }

  /**
   * The rest of the sentence after the last "the answer is" (any case), up to a newline or a
   * period followed by white space; none when there is no phrase or nothing follows it.
   */
  private static FinalAnswer afterAnswerPhrase(String text) {
    int at = -1;
    for (int i = text.length() - ANSWER_PHRASE.length(); i >= 0; i--) {
      if (text.regionMatches(true, i, ANSWER_PHRASE, 0, ANSWER_PHRASE.length())) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return NONE;
    }
    int i = at + ANSWER_PHRASE.length();
    int n = text.length();
    while (i < n && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ':')) {
      i++;
    }
    int end = i;
    while (end < n && text.charAt(end) != '\n' && !sentenceEnd(text, end)) {
      if (end - i >= MAX_ANSWER_CHARS) {
        return OVER_CAP;
      }
      end++;
    }
    String answer = text.substring(i, end).trim();
    return answer.isEmpty() ? NONE : found(answer);
  }

  /**
   * The last number of the text: digits with an optional sign, decimal point, thousands
   * commas ({@code 1,234}) and one fraction bar ({@code 3/4}); over the cap when that run is
   * longer than {@link #MAX_ANSWER_CHARS} (sign aside).
   */
  static FinalAnswer lastNumber(String text) {
    int end = text.length() - 1;
    while (end >= 0 && !isDigit(text.charAt(end))) {
      end--;
    }
    if (end < 0) {
      return NONE;
    }
    int start = end;
    boolean slashSeen = false;
    while (start > 0) {
      char prev = text.charAt(start - 1);
      boolean digitBefore = start >= 2 && isDigit(text.charAt(start - 2));
      if (prev == '/' && digitBefore && !slashSeen) {
        slashSeen = true;
      } else if (!isDigit(prev) && prev != '.' && !(prev == ',' && digitBefore)) {
        break;
      }
      if (end - start + 1 == MAX_ANSWER_CHARS) {
        return OVER_CAP;
      }
      start--;
    }
    if (start > 0 && text.charAt(start - 1) == '-') {
      start--;
    }
    return found(text.substring(start, end + 1));
  }

  private static boolean sentenceEnd(String text, int i) {
    return text.charAt(i) == '.' && i + 1 < text.length()
        && Character.isWhitespace(text.charAt(i + 1));
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
