package dev.ngrpo.rollout.verify;

/**
 * Rewrites a MATH answer into a canonical string, following the normalization of the MATH
 * benchmark's {@code is_equiv} ({@code strip_string}) used by the NGRPO evaluation, so that two
 * spellings of one answer compare equal as strings:
 *
 * <ol>
 *   <li>drop line breaks, {@code \!} and the thin spaces {@code \,} {@code \;} {@code \:};
 *       {@code \\} becomes {@code \}</li>
 *   <li>{@code \dfrac}, {@code \tfrac} become {@code \frac}; {@code \left}, {@code \right}
 *       are dropped</li>
 *   <li>drop {@code ^{\circ}}, {@code ^\circ}, {@code $}, {@code \$}, {@code \%}, {@code %};
 *       a whole-answer {@code \text{X}} becomes X and a trailing {@code \text{...}} unit (after
 *       a number or a closing bracket) is cut with what follows it</li>
 *   <li>trailing periods are dropped; a leading {@code .} becomes {@code 0.} (so {@code .5} =
 *       {@code 0.5})</li>
 *   <li>{@code x = 3} becomes {@code 3} when the left side has at most two characters</li>
 *   <li>white space is removed; {@code \sqrt3} becomes {@code \sqrt{3}}; {@code \frac12} and
 *       {@code \frac1{2}} become {@code \frac{1}{2}}; a whole-answer {@code a/b} of integers
 *       becomes {@code \frac{a}{b}}</li>
 * </ol>
 *
 * <p>Every step is a linear pass (literal replacements and scans; no regular expression), so
 * the cost is linear in the answer's length, which callers bound.
 */
final class MathNormalization {
  private MathNormalization() {}

  static String normalize(String answer) {
    String s = answer.replace("\n", "").replace("\r", "");
    s = s.replace("\\!", "").replace("\\,", "").replace("\\;", "").replace("\\:", "");
    s = s.replace("\\\\", "\\");
    s = s.replace("tfrac", "frac").replace("dfrac", "frac");
    s = removeLeftRight(s);
    s = s.replace("^{\\circ}", "").replace("^\\circ", "");
    s = s.replace("\\$", "").replace("$", "");
    s = removeUnits(s);
    s = s.replace("\\%", "").replace("%", "");
    s = stripTrailingPeriods(s.trim());
    s = s.replace(" .", " 0.").replace("{.", "{0.");
    if (s.isEmpty()) {
      return s;
    }
    if (s.charAt(0) == '.') {
      s = "0" + s;
    }
    s = dropVariable(s);
    s = removeWhitespace(s);
    s = fixSqrt(s);
    s = fixFracs(s);
    s = slashToFrac(s);
    return stripTrailingPeriods(s);
  }

  /** Drops {@code \left} and {@code \right} (but not {@code \rightarrow}). */
  private static String removeLeftRight(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      int skip = delimiterSize(s, i, "\\left");
      if (skip == 0) {
        skip = delimiterSize(s, i, "\\right");
      }
      if (skip > 0) {
        i += skip;
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }

  private static int delimiterSize(String s, int i, String command) {
    if (!s.startsWith(command, i)) {
      return 0;
    }
    int end = i + command.length();
    return end < s.length() && Character.isLetter(s.charAt(end)) ? 0 : command.length();
  }

  /** Unwraps a whole-answer {@code \text{X}}/{@code \mbox{X}}; cuts a trailing unit. */
  private static String removeUnits(String s) {
    String t = s.trim();
    for (String command : new String[] {"\\text{", "\\mbox{"}) {
      if (t.startsWith(command)) {
        String inner = FinalAnswer.bracedGroup(t, command.length() - 1);
        if (inner != null && command.length() + inner.length() + 1 == t.length()) {
          t = inner.trim();
        }
      }
    }
    for (String command : new String[] {"\\text{", "\\mbox{"}) {
      int at = t.indexOf(command);
      if (at > 0 && startsUnit(t, at)) {
        t = t.substring(0, at).trim();
      }
    }
    return t;
  }

  /** A unit follows a number or a closing bracket ("5 \text{cm}", "(1,2)\text{ m}"). */
  private static boolean startsUnit(String t, int at) {
    int i = at - 1;
    while (i > 0 && t.charAt(i) == ' ') {
      i--;
    }
    char c = t.charAt(i);
    return FinalAnswer.isDigit(c) || c == '}' || c == ')' || c == ']';
  }

  private static String stripTrailingPeriods(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end);
  }

  /** {@code x = 3} to {@code 3}, as MATH does: one '=' and at most two characters before it. */
  private static String dropVariable(String s) {
    int eq = s.indexOf('=');
    if (eq < 0 || s.indexOf('=', eq + 1) >= 0) {
      return s;
    }
    return s.substring(0, eq).trim().length() <= 2 ? s.substring(eq + 1).trim() : s;
  }

  /** Drops white space and the {@code \ } control space. */
  private static String removeWhitespace(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && Character.isWhitespace(s.charAt(i + 1))) {
        i++;
      } else if (!Character.isWhitespace(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code \sqrt3} to {@code \sqrt{3}}; {@code \sqrt{..}}, {@code \sqrt[n]} stay. */
  private static String fixSqrt(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    int i = 0;
    while (true) {
      int at = s.indexOf("\\sqrt", i);
      if (at < 0) {
        return out.append(s, i, s.length()).toString();
      }
      int p = at + 5;
      out.append(s, i, p);
      if (p < s.length() && isBareArgument(s.charAt(p))) {
        out.append('{').append(s.charAt(p)).append('}');
        p++;
      }
      i = p;
    }
  }

  /**
   * {@code \frac12} and {@code \frac1{2}} to {@code \frac{1}{2}}: each of the two arguments
   * that is a single bare character gets braces.
   */
  private static String fixFracs(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    int n = s.length();
    int i = 0;
    while (i < n) {
      int at = s.indexOf("\\frac", i);
      if (at < 0) {
        break;
      }
      int p = at + 5;
      out.append(s, i, p);
      for (int arg = 0; arg < 2 && p < n; arg++) {
        char c = s.charAt(p);
        if (c == '{') {
          String group = FinalAnswer.bracedGroup(s, p);
          if (group == null) {
            break;
          }
          out.append(s, p, p + group.length() + 2);
          p += group.length() + 2;
        } else if (isBareArgument(c)) {
          out.append('{').append(c).append('}');
          p++;
        } else {
          break;
        }
      }
      i = p;
    }
    return out.append(s, i, n).toString();
  }

  private static boolean isBareArgument(char c) {
    return c != '{' && c != '[' && c != '\\' && c != '}' && !Character.isWhitespace(c);
  }

  /** A whole answer {@code a/b} of integers to {@code \frac{a}{b}}. */
  private static String slashToFrac(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return s;
    }
    String a = s.substring(0, slash);
    String b = s.substring(slash + 1);
    if (isInteger(a.startsWith("-") ? a.substring(1) : a) && isInteger(b)) {
      return "\\frac{" + a + "}{" + b + "}";
    }
    return s;
  }

  private static boolean isInteger(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!FinalAnswer.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
