package dev.ngrpo.rollout.verify;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The {@code arithmetic} verifier, for the built-in arithmetic task (prompt {@code "37+45="},
 * expected response {@code "82"}). Scores 1 when the response's integer answer equals the
 * reference, else 0.
 *
 * <p>What it accepts: the response trimmed of white space; when it contains the prompt's
 * marker {@code =} (the model echoed the problem, {@code "37+45=82"}), the trimmed text after
 * the last {@code =}. That text must be exactly an integer, {@code -?[0-9]+} in ASCII digits
 * of at most {@value #MAX_DIGITS} digits, compared by value ({@code "082"} = 82). Anything
 * else ({@code "82 apples"}, {@code "8 2"}, {@code "82.0"}, {@code "+82"}) scores 0. With
 * {@link AnswerFormat#BOXED} the same rule applies to the content of the last
 * {@code \boxed{...}}, and a response without a box scores 0.
 *
 * <p>The reference must itself be such an integer; anything else is a data error and throws
 * {@link IllegalArgumentException}.
 */
public final class ArithmeticVerifier implements Verifier {
  /** Longest integer read from a response. */
  public static final int MAX_DIGITS = 100;

  /** The marker that ends an arithmetic prompt. */
  public static final char MARKER = '=';

  private final AnswerFormat format;

  /** A verifier requiring answers in {@code format}. */
  public ArithmeticVerifier(AnswerFormat format) {
    this.format = Objects.requireNonNull(format, "format");
  }

  @Override
  public float score(String response, String referenceAnswer) {
    BigInteger expected = integer(referenceAnswer.trim());
    if (expected == null) {
      throw new IllegalArgumentException(
          "arithmetic reference answer must be an integer, got '" + referenceAnswer + "'");
    }
    String answer = format == AnswerFormat.BOXED ? FinalAnswer.lastBoxed(response) : response;
    if (answer == null) {
      return 0f;
    }
    String text = answer.trim();
    int marker = text.lastIndexOf(MARKER);
    if (marker >= 0) {
      text = text.substring(marker + 1).trim();
    }
    return expected.equals(integer(text)) ? 1f : 0f;
  }

  /** The value of {@code -?[0-9]+} with at most {@link #MAX_DIGITS} digits, else null. */
  private static BigInteger integer(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    int digits = s.length() - start;
    if (digits == 0 || digits > MAX_DIGITS) {
      return null;
    }
    for (int i = start; i < s.length(); i++) {
      if (!FinalAnswer.isDigit(s.charAt(i))) {
        return null;
      }
    }
    return new BigInteger(s);
  }

  @Override
  public String toString() {
    return "arithmetic(format=" + format.configName() + ")";
  }
}
