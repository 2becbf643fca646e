package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The difficulty of the arithmetic task: how many digits each operand has and which
 * operations appear. An operand of {@code d} digits is drawn from {@code [10^(d-1), 10^d - 1]}
 * ({@code [0, 9]} for {@code d = 1}), so every problem of a level has the same shape.
 *
 * <p>Presets, from easy to hard:
 * <pre>
 * level    digits  operations  distinct problems
 * easy     1 x 1   + - *       10 * 10 * 3 = 300
 * medium   2 x 2   + -         90 * 90 * 2 = 16,200
 * hard     3 x 3   + - *       900 * 900 * 3 = 2,430,000
 * </pre>
 *
 * @param name the preset's name, or {@code custom} when digits or operations were overridden
 * @param firstDigits digits of the first operand, in {@code [1, 9]}
 * @param secondDigits digits of the second operand, in {@code [1, 9]}
 * @param operations the operations, distinct, at least one
 */
public record ArithmeticLevel(
    String name, int firstDigits, int secondDigits, List<Operation> operations) {
  /** Most digits per operand: the product of two 9-digit numbers still fits a long. */
  public static final int MAX_DIGITS = 9;

  private static final Map<String, ArithmeticLevel> PRESETS = presets();

  public ArithmeticLevel {
    checkDigits(firstDigits, name);
    checkDigits(secondDigits, name);
    operations = List.copyOf(operations);
    if (operations.isEmpty() || operations.stream().distinct().count() != operations.size()) {
      throw new IllegalArgumentException(
          "level " + name + " needs distinct operations, got " + operations);
    }
  }

  private static void checkDigits(int digits, String name) {
    if (digits < 1 || digits > MAX_DIGITS) {
      throw new IllegalArgumentException("level " + name + ": operand digits must be in [1, "
          + MAX_DIGITS + "], got " + digits);
    }
  }

  private static Map<String, ArithmeticLevel> presets() {
    List<Operation> all = List.of(Operation.ADD, Operation.SUBTRACT, Operation.MULTIPLY);
    Map<String, ArithmeticLevel> m = new LinkedHashMap<>();
    m.put("easy", new ArithmeticLevel("easy", 1, 1, all));
    List<Operation> addSubtract = List.of(Operation.ADD, Operation.SUBTRACT);
    m.put("medium", new ArithmeticLevel("medium", 2, 2, addSubtract));
    m.put("hard", new ArithmeticLevel("hard", 3, 3, all));
    return m;
  }

  /** The preset called {@code name}; fails listing the presets. */
  public static ArithmeticLevel preset(String name) {
    ArithmeticLevel level = PRESETS.get(name);
    if (level == null) {
      throw new IllegalArgumentException(
          "unknown arithmetic level '" + name + "'; known: " + presetNames());
    }
    return level;
  }

  /** The preset names, easiest first. */
  public static List<String> presetNames() {
    return new ArrayList<>(PRESETS.keySet());
  }

  /**
   * Reads {@code ngrpo.task.arithmetic}: a preset {@code level}, whose digits and operations
   * {@code first-digits}, {@code second-digits} and {@code ops} override when set.
   */
  static ArithmeticLevel from(Settings s) {
    ArithmeticLevel preset = preset(s.oneOf("level", presetNames()));
    int first = s.has("first-digits") ? s.intIn("first-digits", 1, MAX_DIGITS)
        : preset.firstDigits;
    int second = s.has("second-digits") ? s.intIn("second-digits", 1, MAX_DIGITS)
        : preset.secondDigits;
    List<Operation> ops = s.has("ops") ? Operation.listOf(s, "ops") : preset.operations;
    boolean same = first == preset.firstDigits && second == preset.secondDigits
        && ops.equals(preset.operations);
    return same ? preset : new ArithmeticLevel("custom", first, second, ops);
  }

  /** Number of distinct problems of this level. */
  public long problemCount() {
    return operandCount(firstDigits) * operandCount(secondDigits) * operations.size();
  }

  /** The {@code k}-th problem in a fixed enumeration of the level, {@code 0 <= k < count}. */
  public ArithmeticProblem problem(long k) {
    if (k < 0 || k >= problemCount()) {
      throw new IllegalArgumentException(
          "problem " + k + " is outside [0, " + problemCount() + ") of level " + name);
    }
    Operation op = operations.get((int) (k % operations.size()));
    long rest = k / operations.size();
    long a = smallest(firstDigits) + rest % operandCount(firstDigits);
    long b = smallest(secondDigits) + rest / operandCount(firstDigits);
    return new ArithmeticProblem(a, op, b);
  }

  private static long smallest(int digits) {
    return digits == 1 ? 0 : pow10(digits - 1);
  }

  private static long operandCount(int digits) {
    return pow10(digits) - smallest(digits);
  }

  private static long pow10(int e) {
    long p = 1;
    for (int i = 0; i < e; i++) {
      p *= 10;
    }
    return p;
  }
}
