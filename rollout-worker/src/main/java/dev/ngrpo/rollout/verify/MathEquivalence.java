package dev.ngrpo.rollout.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Equality of two normalized MATH answers, as in the NGRPO evaluation's {@code math_equal}:
 * equal strings; or two numbers equal within relative {@code 1e-4} ({@link MathNumber}); or two
 * tuples or intervals with the same brackets whose elements are equal one by one (so
 * {@code (0.5,2]} = {@code (\frac{1}{2},2]} but not {@code (0.5,2)}); a bare comma list
 * {@code 1,2} compares the same way. An empty answer equals nothing.
 *
 * <p>The comparison gives up, and the response is {@link Verdict#REJECTED}, where a cap stops
 * it: the answer's number has more than {@value MathNumber#MAX_DIGITS} digits where the
 * reference is a number, or two tuples of the same shape are nested deeper than
 * {@link #MAX_DEPTH}. An element found different decides before one given up on: such a
 * tuple is a wrong answer, not a rejected one. A reference number over the cap counts as no
 * number, as it always has: a long reference is the data's business, not the response's.
 */
final class MathEquivalence {
  /** Deepest tuple nesting compared element by element. */
  static final int MAX_DEPTH = 4;

  private MathEquivalence() {}

  /** Score 1 when {@code answer} (from the response) equals {@code reference}, else 0. */
  static Verdict judge(String answer, String reference) {
    return switch (compare(answer, reference, 0)) {
      case EQUAL -> Verdict.scored(1f);
      case DIFFERENT -> Verdict.scored(0f);
      case OVER_CAP -> Verdict.REJECTED;
    };
  }

  private enum Comparison { EQUAL, DIFFERENT, OVER_CAP }

  private static Comparison compare(String a, String b, int depth) {
    if (a.isEmpty() || b.isEmpty()) {
      return Comparison.DIFFERENT;
    }
    if (a.equals(b)) {
      return Comparison.EQUAL;
    }
    MathNumber x = MathNumber.read(a);
    MathNumber y = x == null ? null : MathNumber.read(b);
    if (x != null && y != null) {
      if (x.overCap()) {
        return Comparison.OVER_CAP;
      }
      if (!y.overCap()) {
        return MathNumber.close(x.value(), y.value()) ? Comparison.EQUAL : Comparison.DIFFERENT;
      }
    }
    Sequence p = Sequence.of(a);
    Sequence q = p == null ? null : Sequence.of(b);
    if (q == null || p.open() != q.open() || p.close() != q.close()
        || p.elements().size() != q.elements().size()) {
      return Comparison.DIFFERENT;
    }
    if (depth >= MAX_DEPTH) {
      return Comparison.OVER_CAP;
    }
    Comparison result = Comparison.EQUAL;
    for (int i = 0; i < p.elements().size(); i++) {
      Comparison c = compare(p.elements().get(i), q.elements().get(i), depth + 1);
      if (c == Comparison.DIFFERENT) {
        return c;
      }
      if (c == Comparison.OVER_CAP) {
        result = c;
      }
    }
    return result;
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
        if (s.charAt(i) == '\\') {
          i++;
          continue;
        }
        int change = nesting(s.charAt(i));
        depth += change;
        if (change < 0 && depth == 0) {
          return i;
        }
      }
      return -1;
    }

    /** +1 for an opening bracket, -1 for a closing one, 0 for any other character. */
    private static int nesting(char c) {
      return switch (c) {
        case '(', '[', '{' -> 1;
        case ')', ']', '}' -> -1;
        default -> 0;
      };
    }

    private static List<String> splitTopLevel(String s, int from, int to) {
      List<String> parts = new ArrayList<>();
      int depth = 0;
      int start = from;
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == ',' && depth == 0) {
          parts.add(s.substring(start, i));
          start = i + 1;
        } else {
          depth += nesting(c);
        }
      }
      parts.add(s.substring(start, to));
      return parts;
    }
  }
}
