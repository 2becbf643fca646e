package dev.ngrpo.rollout.verify;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A normalized answer read as a plain number: an integer or decimal (with optional thousands
 * commas, {@code 1,234.5}), a fraction {@code \frac{a}{b}} or {@code a/b} of such numbers, with
 * an optional minus sign. Percent signs are already gone ({@link MathNormalization}), so a
 * percentage is compared by its number: {@code 50\%} = 50.
 *
 * <p>Exponents are not numbers here ({@code 1e5}, {@code 10^{9}} compare as strings): a
 * response could otherwise ask for a value with a billion digits. Reading the syntax is one
 * pass; a number with a digit string longer than {@link #MAX_DIGITS} is recognized but never
 * evaluated ({@link #overCap}), so {@link BigDecimal} work stays bounded and the verifier can
 * tell a number it gave up on from one it compared.
 *
 * @param value the number; null when {@link #overCap}
 * @param overCap true when a digit string of it (the decimal, numerator or denominator) has
 *     more than {@link #MAX_DIGITS} digits
 */
record MathNumber(BigDecimal value, boolean overCap) {
  static final int MAX_DIGITS = 400;

  /** Relative tolerance of {@link #close}, as in the MATH evaluation's {@code isclose}. */
  static final BigDecimal RELATIVE_TOLERANCE = new BigDecimal("1e-4");

  private static final MathNumber OVER_CAP = new MathNumber(null, true);

  MathNumber {
    if ((value == null) != overCap) {
      throw new IllegalArgumentException(
          "a number has a value exactly when it is not over the cap, got " + value);
    }
  }

  /** {@code s} as a number, or null when it is not a plain number (or divides by zero). */
  static MathNumber read(String s) {
    if (s.startsWith("-\\frac{")) {
      MathNumber v = fraction(s.substring(1));
      return v == null || v.overCap ? v : new MathNumber(v.value.negate(), false);
    }
    if (s.startsWith("\\frac{")) {
      return fraction(s);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      return ratio(decimal(s.substring(0, slash)), decimal(s.substring(slash + 1)));
    }
    String digits = decimal(s);
    if (digits == null) {
      return null;
    }
    return tooManyDigits(digits) ? OVER_CAP : new MathNumber(new BigDecimal(digits), false);
  }

  /** True when {@code |a - b| <= 1e-4 * max(|a|, |b|)}. */
  static boolean close(BigDecimal a, BigDecimal b) {
    BigDecimal scale = a.abs().max(b.abs());
    return a.subtract(b).abs().compareTo(scale.multiply(RELATIVE_TOLERANCE)) <= 0;
  }

  /** {@code \frac{a}{b}} spanning the whole string, or null. */
  private static MathNumber fraction(String s) {
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

  /** The quotient of two {@link #decimal} digit strings; null when either is not a number. */
  private static MathNumber ratio(String numerator, String denominator) {
    if (numerator == null || denominator == null) {
      return null;
    }
    if (tooManyDigits(numerator) || tooManyDigits(denominator)) {
      return OVER_CAP;
    }
    BigDecimal d = new BigDecimal(denominator);
    if (d.signum() == 0) {
      return null;
    }
    return new MathNumber(new BigDecimal(numerator).divide(d, MathContext.DECIMAL128), false);
  }

  /** More than {@link #MAX_DIGITS} digits in a {@link #decimal} digit string. */
  private static boolean tooManyDigits(String digits) {
    int signAndPoint = (digits.startsWith("-") ? 1 : 0) + (digits.indexOf('.') >= 0 ? 1 : 0);
    return digits.length() - signAndPoint > MAX_DIGITS;
  }

  /**
   * A signed decimal, {@code -?d+(.d+)?} or {@code -?.d+}, where the integer part may group
   * digits by three with commas: its digits without the commas, in the form {@link BigDecimal}
   * reads ({@code "-1234.5"}), whatever their number; null when {@code s} is no such decimal.
   */
  private static String decimal(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    int n = s.length();
    if (n == start) {
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
    return digits.toString();
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
