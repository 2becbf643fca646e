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
 * else ({@code "82 apples"}, {@code "8 2"}, {@code "82.0"}, {@code "+82"}) scores 0 as
 * {@link Verdict#NO_ANSWER}, a format failure. With {@link AnswerFormat#BOXED} the same rule
 * applies to the content of the last {@code \boxed{...}}, and a response without a box is a
 * format failure too.
 *
 * <p>A response is {@link Verdict#REJECTED} (scored 0, and counted: see {@link #judge}) when
 * its answer is such an integer but with more than {@value #MAX_DIGITS} digits, or, with
 * {@link AnswerFormat#BOXED}, when its last box is longer than
 * {@value FinalAnswer#MAX_ANSWER_CHARS} characters. Any other answer is read and compared.
 *
 * <p>The reference must itself be such an integer; anything else fails {@link #checkReference},
 * which the dataset reader calls, so such a row never reaches a rollout.
 */
public final class ArithmeticVerifier extends CappedVerifier {
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
  public void checkReference(String referenceAnswer) {
    String reference = referenceAnswer.trim();
    if (!isInteger(reference) || overCap(reference)) {
      throw new IllegalArgumentException("arithmetic reference answer must be an integer of at "
          + "most " + MAX_DIGITS + " digits, got '" + referenceAnswer + "'");
    }
  }

  @Override
  public Verdict judge(String response, String referenceAnswer) {
    checkReference(referenceAnswer);
    String reference = referenceAnswer.trim();
    String text = response;
    if (format == AnswerFormat.BOXED) {
      FinalAnswer box = FinalAnswer.lastBoxed(response);
      if (box.overCap()) {
        return Verdict.REJECTED;
      }
      if (box.text() == null) {
        return Verdict.NO_ANSWER;
      }
      text = box.text();
    }
    text = text.trim();
    int marker = text.lastIndexOf(MARKER);
    if (marker >= 0) {
      text = text.substring(marker + 1).trim();
    }
    if (!isInteger(text)) {
      return Verdict.NO_ANSWER;
    }
    if (overCap(text)) {
      return Verdict.REJECTED;
    }
    return Verdict.scored(new BigInteger(reference).equals(new BigInteger(text)) ? 1f : 0f);
  }

  /** {@code -?[0-9]+}, of any length. */
  private static boolean isInteger(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    if (s.length() == start) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      if (!FinalAnswer.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** More than {@link #MAX_DIGITS} digits in an {@link #isInteger} string. */
  private static boolean overCap(String integer) {
    return integer.length() - (integer.startsWith("-") ? 1 : 0) > MAX_DIGITS;
  }

  @Override
  public String toString() {
    return "arithmetic(format=" + format.configName() + ")";
  }
}
