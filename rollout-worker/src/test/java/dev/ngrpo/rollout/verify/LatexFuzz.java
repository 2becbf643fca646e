package dev.ngrpo.rollout.verify;

import java.util.SplittableRandom;

/**
 * A seeded generator of hostile verifier inputs: random and adversarial LaTeX. Each case is a
 * response with a reference answer for each built-in verifier and, for the families where the
 * outcome is certain, the verdict each must reach.
 *
 * <p>Families: nesting thousands of levels deep (braces, {@code \frac}, tuples, balanced or
 * not), huge numbers (thousands of digits, with points, commas, signs, fractions), huge
 * exponents and power towers, unbalanced braces, {@code \boxed} spam, random Unicode (lone
 * surrogates, controls, combining marks, full-width digits), LaTeX token soup, answer-phrase
 * spam, very long texts (100 KB to 1 MB), and correct answers buried in noise. References are
 * drawn the same way, within what the verifiers accept as a reference: for {@code math} at
 * most {@value MathVerifier#MAX_REFERENCE_CHARS} characters and no box; for
 * {@code arithmetic} an integer of at most {@value ArithmeticVerifier#MAX_DIGITS} digits.
 */
final class LatexFuzz {
  /**
   * What a verifier must conclude on a case; {@link #ANY} where the generator cannot tell.
   * {@link #WRONG} is an answer compared and found wrong, {@link #NO_ANSWER} a response without
   * an answer in the verifier's form (a format failure): both score 0.
   */
  enum Outcome { ANY, CORRECT, WRONG, NO_ANSWER, REJECTED }

  /**
   * One generated case.
   *
   * @param family the generator family, for messages
   * @param format the answer format both verifiers are built with
   * @param response the response text
   * @param mathReference the reference given to the math verifier
   * @param arithmeticReference the reference given to the arithmetic verifier
   * @param math what the math verifier must conclude
   * @param arithmetic what the arithmetic verifier must conclude
   */
  record Case(String family, AnswerFormat format, String response, String mathReference,
      String arithmeticReference, Outcome math, Outcome arithmetic) {}

  private static final String[] SIMPLE_REFERENCES = {"42", "-7", "\\frac{1}{2}", "0.5",
      "(1,2]", "[0,1)", "x^2+1", "\\sqrt{2}", "1,000,000", "\\text{yes}", "3\\pi", "(2,-3)",
      "10^{100}", "\\infty", "\\{1,2,3\\}", "2.50"};
  private static final String[] TOKENS = {"\\frac", "\\dfrac", "\\tfrac", "\\sqrt", "\\left(",
      "\\right)", "\\left[", "\\right]", "^{\\circ}", "^\\circ", "\\text{", "\\mbox{", "$", "\\$",
      "\\%", "%", "=", "\\\\", "\\!", "\\,", "\\;", "\\:", "{", "}", "(", ")", "[", "]", ",", ".",
      "/", "-", "+", "^", "_", " ", "\n", "\\boxed", "\\boxed{", "\\fbox{", "the answer is ",
      "The Answer Is: ", "0", "1", "7", "9", "x", "\\pi", "\\infty", "\\cdot", "e", "E", "\\ ",
      "\\{", "\\}", "\\\\frac", "\\sqrt[3]", "\\rightarrow", "\\leftarrow", "\\text{cm}"};

  private final SplittableRandom random;
  private AnswerFormat format = AnswerFormat.NONE;

  LatexFuzz(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The next case. */
  Case next() {
    format = random.nextBoolean() ? AnswerFormat.NONE : AnswerFormat.BOXED;
    int family = random.nextInt(100);
    if (family < 10) {
      return nesting();
    }
    if (family < 18) {
      return nestedFracs();
    }
    if (family < 26) {
      return tuples();
    }
    if (family < 38) {
      return hugeNumber();
    }
    if (family < 44) {
      return exponent();
    }
    if (family < 52) {
      return any("unbalanced braces", unbalanced(1 + random.nextInt(5000)));
    }
    if (family < 60) {
      return boxSpam();
    }
    if (family < 68) {
      return any("random unicode", unicode(1 + random.nextInt(3000)));
    }
    if (family < 80) {
      return any("latex soup", soup(1 + random.nextInt(800)));
    }
    if (family < 85) {
      return phrases();
    }
    if (family < 86) {
      return veryLong();
    }
    if (family < 93) {
      return correctInNoise();
    }
    return correctArithmetic();
  }

  private Case of(String family, String response, String mathReference,
      String arithmeticReference, Outcome math, Outcome arithmetic) {
    return new Case(family, format, response, mathReference, arithmeticReference, math,
        arithmetic);
  }

  /** A case whose outcome the generator cannot tell, with random references. */
  private Case any(String family, String response) {
    return of(family, response, mathReference(), integerReference(), Outcome.ANY, Outcome.ANY);
  }

  /** Braces nested up to 5,000 deep, balanced or not, in a box or not. */
  private Case nesting() {
    int depth = 1 + random.nextInt(5000);
    int closing = random.nextInt(4) == 0 ? random.nextInt(depth + 1) : depth;
    String body = "{".repeat(depth) + pick(SIMPLE_REFERENCES) + "}".repeat(closing);
    return any("nested braces", random.nextBoolean() ? "\\boxed{" + body + "}" : body);
  }

  /** {@code \frac{\frac{...}{1}}{1}} up to 3,000 deep. */
  private Case nestedFracs() {
    int depth = 1 + random.nextInt(3000);
    StringBuilder s = new StringBuilder("\\boxed{");
    s.append("\\frac{".repeat(depth)).append(random.nextInt(10));
    for (int i = 0; i < depth; i++) {
      s.append("}{").append(1 + random.nextInt(9)).append('}');
    }
    if (random.nextBoolean()) {
      s.append('}');
    }
    return any("nested fractions", s.toString());
  }

  /**
   * A boxed tuple nested up to 3,000 deep, {@code ((1,2))}, against the reference of the same
   * shape {@code ((1,3))}. The math verifier compares element by element down to
   * {@link MathEquivalence#MAX_DEPTH} levels: 4 or fewer it finds 2 != 3 (wrong); deeper it
   * rejects the response, and so it does when the box is over the answer cap. The arithmetic
   * verifier sees no integer (no answer), or a box over the cap in boxed format (rejected).
   */
  private Case tuples() {
    int depth = 1 + random.nextInt(3000);
    String open = random.nextBoolean() ? "(" : "[";
    String close = random.nextBoolean() ? ")" : "]";
    String response = open.repeat(depth) + "1,2" + close.repeat(depth);
    String reference = open.repeat(depth) + "1,3" + close.repeat(depth);
    boolean boxOverCap = response.length() > FinalAnswer.MAX_ANSWER_CHARS;
    return of("nested tuples", "\\boxed{" + response + "}",
        reference.length() <= MathVerifier.MAX_REFERENCE_CHARS ? reference : mathReference(),
        integerReference(), depth > MathEquivalence.MAX_DEPTH ? Outcome.REJECTED : Outcome.WRONG,
        boxOverCap && format == AnswerFormat.BOXED ? Outcome.REJECTED : Outcome.NO_ANSWER);
  }

  /**
   * A number of 1 to 5,000 digits in one of several spellings. Where it is a boxed integer
   * the outcomes over the caps are certain: the math verifier rejects an answer of more than
   * {@value MathNumber#MAX_DIGITS} digits compared with a numeric reference (and one over the
   * answer cap); the arithmetic verifier in boxed format rejects more than
   * {@value ArithmeticVerifier#MAX_DIGITS} digits and, without the format, reads no integer
   * (no answer).
   */
  private Case hugeNumber() {
    int digits = 1 + random.nextInt(5000);
    String n = digits(digits);
    int spelling = random.nextInt(6);
    String number = switch (spelling) {
      case 0 -> n;
      case 1 -> "-" + n;
      case 2 -> n + "." + digits(1 + random.nextInt(2000));
      case 3 -> grouped(n);
      case 4 -> n + "/" + digits(1 + random.nextInt(2000));
      default -> "\\frac{" + n + "}{" + digits(1 + random.nextInt(2000)) + "}";
    };
    String reference = random.nextBoolean() ? "42" : digits(1 + random.nextInt(400));
    String arithmeticReference = random.nextBoolean() ? "42" : digits(1 + random.nextInt(100));
    Outcome math = Outcome.ANY;
    Outcome arithmetic = Outcome.ANY;
    if (spelling == 0) {
      math = digits > MathNumber.MAX_DIGITS ? Outcome.REJECTED : Outcome.ANY;
      arithmetic = format == AnswerFormat.NONE ? Outcome.NO_ANSWER
          : digits > ArithmeticVerifier.MAX_DIGITS ? Outcome.REJECTED : Outcome.ANY;
    }
    return of("huge number", spelling == 0 ? "\\boxed{" + number + "}" : number, reference,
        arithmeticReference, math, arithmetic);
  }

  /** Exponents with up to 2,000 digits, and towers of powers. */
  private Case exponent() {
    String e = digits(1 + random.nextInt(2000));
    String response = switch (random.nextInt(4)) {
      case 0 -> "1e" + e;
      case 1 -> "10^{" + e + "}";
      case 2 -> "9" + "^{9".repeat(1 + random.nextInt(2000)) + "}".repeat(random.nextInt(2000));
      default -> "2^" + e + "!";
    };
    return any("huge exponent", random.nextBoolean() ? "\\boxed{" + response + "}" : response);
  }

  /** Up to 10,000 boxes, some unclosed, some with a space argument or a longer command. */
  private Case boxSpam() {
    int boxes = 1 + random.nextInt(10_000);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < boxes; i++) {
      s.append(pick(new String[] {"\\boxed{", "\\fbox{", "\\boxed ", "\\boxedfoo{", "\\boxed"}));
      if (random.nextInt(3) > 0) {
        s.append(random.nextInt(100)).append('}');
      }
    }
    return any("box spam", s.toString());
  }

  private Case phrases() {
    StringBuilder s = new StringBuilder();
    for (int n = 1 + random.nextInt(2000); n > 0; n--) {
      s.append(random.nextBoolean() ? "the answer is " : "THE ANSWER IS: ")
          .append(random.nextInt(3) == 0 ? digits(1 + random.nextInt(50)) : "")
          .append(random.nextBoolean() ? ". " : "\n");
    }
    if (random.nextBoolean()) {
      s.append("the answer is ").append("x".repeat(random.nextInt(3000)));
    }
    return any("answer phrases", s.toString());
  }

  /** 100 KB to 1 MB of one of the other families' material. */
  private Case veryLong() {
    int length = 100_000 + random.nextInt(900_001);
    String unit = switch (random.nextInt(4)) {
      case 0 -> soup(200);
      case 1 -> unicode(200);
      case 2 -> unbalanced(200);
      default -> digits(200);
    };
    return any("very long", unit.repeat(length / unit.length() + 1).substring(0, length));
  }

  /**
   * The reference boxed after up to 2,000 characters of noise (math: correct), and the integer
   * reference after an echoed problem (arithmetic: correct; in a box when the format asks).
   * The noise has no backslash, so it opens no box of its own after the answer's.
   */
  private Case correctInNoise() {
    String reference = pick(SIMPLE_REFERENCES);
    String noise = unicode(random.nextInt(2000)).replace('\\', ' ');
    String integer = integerReference();
    return of("correct in noise", noise + " so \\boxed{" + reference + "}", reference, integer,
        Outcome.CORRECT, Outcome.ANY);
  }

  /**
   * The arithmetic verifier's correct case: the integer, after an echoed problem or not, in a
   * box when the format asks for one.
   */
  private Case correctArithmetic() {
    String integer = integerReference();
    String response = "  " + (random.nextBoolean() ? integer : "17+25=" + integer) + "\n";
    return of("correct arithmetic", format == AnswerFormat.BOXED ? "\\boxed{" + response + "}"
        : response, mathReference(), integer, Outcome.ANY, Outcome.CORRECT);
  }

  private String unbalanced(int length) {
    StringBuilder s = new StringBuilder();
    String[] parts = {"{", "}", "\\{", "\\}", "\\boxed{", "\\frac{", "}{", "(", ")", "1", " "};
    while (s.length() < length) {
      s.append(pick(parts));
    }
    return s.toString();
  }

  /**
   * Random code points: ASCII, controls, combining marks, right-to-left marks, full-width
   * digits, CJK, emoji, and lone surrogates.
   */
  private String unicode(int length) {
    StringBuilder s = new StringBuilder(length + 2);
    while (s.length() < length) {
      int cp = switch (random.nextInt(9)) {
        case 0, 1 -> 0x20 + random.nextInt(0x5F);
        case 2 -> random.nextInt(0x20);
        case 3 -> 0x300 + random.nextInt(0x70);
        case 4 -> 0x200E + random.nextInt(2);
        case 5 -> 0xFF10 + random.nextInt(10);
        case 6 -> 0x4E00 + random.nextInt(0x5000);
        case 7 -> 0x1F600 + random.nextInt(0x50);
        default -> 0xD800 + random.nextInt(0x800);
      };
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  private String soup(int tokens) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < tokens; i++) {
      s.append(pick(TOKENS));
    }
    return s.toString();
  }

  /** A reference the math verifier accepts: simple, a long number, or soup without a box. */
  private String mathReference() {
    return switch (random.nextInt(4)) {
      case 0, 1 -> pick(SIMPLE_REFERENCES);
      case 2 -> digits(1 + random.nextInt(600));
      default -> soup(1 + random.nextInt(300)).replace("\\boxed", "\\bxd").replace("\\fbox",
          "\\fbx");
    };
  }

  /** An integer of at most 100 digits, maybe negative, maybe with leading zeros. */
  private String integerReference() {
    String n = random.nextInt(10) == 0 ? "0" + digits(1 + random.nextInt(99))
        : digits(1 + random.nextInt(100));
    return random.nextInt(4) == 0 ? "-" + n : n;
  }

  private String digits(int n) {
    StringBuilder s = new StringBuilder(n).append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < n; i++) {
      s.append((char) ('0' + random.nextInt(10)));
    }
    return s.toString();
  }

  /** {@code n} with thousands commas. */
  private static String grouped(String n) {
    StringBuilder s = new StringBuilder();
    int head = n.length() % 3 == 0 ? 3 : n.length() % 3;
    s.append(n, 0, head);
    for (int i = head; i < n.length(); i += 3) {
      s.append(',').append(n, i, i + 3);
    }
    return s.toString();
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }
}
