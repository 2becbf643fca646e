package dev.ngrpo.rollout.verify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Equality of two normalized MATH answers, as in the NGRPO evaluation's {@code math_equal}:
 * equal strings; or two numbers equal within relative {@code 1e-4} ({@link MathNumber}); or two
 * tuples or intervals with the same brackets whose elements are equal one by one (so
 * {@code (0.5,2]} = {@code (\frac{1}{2},2]} but not {@code (0.5,2)}); a bare comma list
 * {@code 1,2} compares the same way. An empty answer equals nothing.
 */
final class MathEquivalence {
  /** Deepest tuple nesting compared element by element; deeper ones compare as strings. */
  static final int MAX_DEPTH = 4;

  private MathEquivalence() {}

  static boolean equivalent(String a, String b) {
    return equivalent(a, b, 0);
  }

  private static boolean equivalent(String a, String b, int depth) {
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    if (a.equals(b)) {
      return true;
    }
    BigDecimal x = MathNumber.parse(a);
    BigDecimal y = x == null ? null : MathNumber.parse(b);
    if (x != null && y != null) {
      return MathNumber.close(x, y);
    }
    if (depth >= MAX_DEPTH) {
      return false;
    }
    Sequence p = Sequence.of(a);
    Sequence q = p == null ? null : Sequence.of(b);
    if (q == null || p.open() != q.open() || p.close() != q.close()
        || p.elements().size() != q.elements().size()) {
      return false;
    }
    for (int i = 0; i < p.elements().size(); i++) {
      if (!equivalent(p.elements().get(i), q.elements().get(i), depth + 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A tuple, interval or bare comma list: its bracket characters (0 when bare) and its
   * top-level elements.
   */
  private record Sequence(char open, char close, List<String> elements) {

    static Sequence of(String s) {
      int n = s.length();
      char first = s.charAt(0);
      char last = s.charAt(n - 1);
      if (n >= 2 && (first == '(' || first == '[') && (last == ')' || last == ']')
          && firstGroupEnd(s) == n - 1) {
        return new Sequence(first, last, splitTopLevel(s, 1, n - 1));
      }
      List<String> elements = splitTopLevel(s, 0, n);
      return elements.size() < 2 ? null : new Sequence('\0', '\0', elements);
    }

    /** Index where the bracket opening at 0 closes, or -1. */
    private static int firstGroupEnd(String s) {
      int depth = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if (c == ')' || c == ']' || c == '}') {
          depth--;
          if (depth == 0) {
            return i;
          }
        }
      }
      return -1;
    }

    private static List<String> splitTopLevel(String s, int from, int to) {
      List<String> parts = new ArrayList<>();
      int depth = 0;
      int start = from;
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if (c == ')' || c == ']' || c == '}') {
          depth--;
        } else if (c == ',' && depth == 0) {
          parts.add(s.substring(start, i));
          start = i + 1;
        }
      }
      parts.add(s.substring(start, to));
      return parts;
    }
  }
}
