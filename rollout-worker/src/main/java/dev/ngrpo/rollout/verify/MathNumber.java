package dev.ngrpo.rollout.verify;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The value of a normalized answer that is a plain number: an integer or decimal (with
 * optional thousands commas, {@code 1,234.5}), a fraction {@code \frac{a}{b}} or {@code a/b}
 * of such numbers, with an optional minus sign. Percent signs are already gone
 * ({@link MathNormalization}), so a percentage is compared by its number: {@code 50\%} = 50.
 *
 * <p>Exponents are not numbers here ({@code 1e5}, {@code 10^{9}} compare as strings): a
 * response could otherwise ask for a value with a billion digits. Every digit string is at
 * most {@link #MAX_DIGITS} long, so {@link BigDecimal} work stays bounded.
 */
final class MathNumber {
  static final int MAX_DIGITS = 400;

  /** Relative tolerance of {@link #close}, as in the MATH evaluation's {@code isclose}. */
  static final BigDecimal RELATIVE_TOLERANCE = new BigDecimal("1e-4");

  private MathNumber() {}

  /** The value of {@code s}, or null when it is not a plain number (or divides by zero). */
  static BigDecimal parse(String s) {
    if (s.isEmpty() || s.length() > 3 * MAX_DIGITS) {
      return null;
    }
    if (s.startsWith("-\\frac{")) {
      BigDecimal v = fraction(s.substring(1));
      return v == null ? null : v.negate();
    }
    if (s.startsWith("\\frac{")) {
      return fraction(s);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      return ratio(decimal(s.substring(0, slash)), decimal(s.substring(slash + 1)));
    }
    return decimal(s);
  }

  /** True when {@code |a - b| <= 1e-4 * max(|a|, |b|)}. */
  static boolean close(BigDecimal a, BigDecimal b) {
    BigDecimal scale = a.abs().max(b.abs());
    return a.subtract(b).abs().compareTo(scale.multiply(RELATIVE_TOLERANCE)) <= 0;
  }

  /** {@code \frac{a}{b}} spanning the whole string, or null. */
  private static BigDecimal fraction(String s) {
    int open = "\\frac".length();
    String numerator = FinalAnswer.bracedGroup(s, open);
    if (numerator == null) {
      return null;
    }
    int second = open + numerator.length() + 2;
    if (second >= s.length() || s.charAt(second) != '{') {
      return null;
    }
    String denominator = FinalAnswer.bracedGroup(s, second);
    if (denominator == null || second + denominator.length() + 2 != s.length()) {
      return null;
    }
    return ratio(decimal(numerator), decimal(denominator));
  }

  private static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator) {
    if (numerator == null || denominator == null || denominator.signum() == 0) {
      return null;
    }
    return numerator.divide(denominator, MathContext.DECIMAL128);
  }

  /**
   * A signed decimal: {@code -?d+(.d+)?} or {@code -?.d+}, where the integer part may group
   * digits by three with commas; null otherwise.
   */
  static BigDecimal decimal(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    int n = s.length();
    if (n == start || n - start > 2 * MAX_DIGITS) {
      return null;
    }
    StringBuilder digits = new StringBuilder(n);
    if (start == 1) {
      digits.append('-');
    }
    int point = s.indexOf('.', start);
    int intEnd = point < 0 ? n : point;
    if (!integerPart(s, start, intEnd, digits)) {
      return null;
    }
    if (point >= 0) {
      if (point == n - 1) {
        return null;
      }
      digits.append('.');
      for (int i = point + 1; i < n; i++) {
        char c = s.charAt(i);
        if (!FinalAnswer.isDigit(c)) {
          return null;
        }
        digits.append(c);
      }
    }
    if (digits.length() - start > MAX_DIGITS + 1) {
      return null;
    }
    return new BigDecimal(digits.toString());
  }

  /** Appends the digits of {@code s[from, to)}: plain digits, or groups of three after commas. */
  private static boolean integerPart(String s, int from, int to, StringBuilder digits) {
    boolean commas = s.indexOf(',', from) >= 0 && s.indexOf(',', from) < to;
    int sinceComma = 0;
    boolean firstGroup = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == ',') {
        if (sinceComma == 0 || (firstGroup && sinceComma > 3) || (!firstGroup && sinceComma != 3)) {
          return false;
        }
        firstGroup = false;
        sinceComma = 0;
      } else if (FinalAnswer.isDigit(c)) {
        digits.append(c);
        sinceComma++;
      } else {
        return false;
      }
    }
    if (commas && sinceComma != 3) {
      return false;
    }
    // ".5" has an empty integer part; "-" or "" alone is no number.
    return to > from || to < s.length();
  }
}
