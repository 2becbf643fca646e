package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.config.Settings;
import java.util.List;

/**
 * The {@code ngrpo.task.word-problems} section: how large the numbers of the word-problem task
 * are and which operations its stories ask for. Operands start at 2, so that every count is
 * plural ("2 apples").
 *
 * @param maxOperand largest operand of an addition and of a subtraction's result, in
 *     {@code [2, 1000000]}: addition {@code x + y} and subtraction {@code (x + y) - y} with
 *     {@code x, y} in {@code [2, maxOperand]}
 * @param maxFactor largest factor of a multiplication, in {@code [2, 1000]}
 * @param operations the operations told, distinct, at least one
 */
public record WordProblemSettings(int maxOperand, int maxFactor, List<Operation> operations) {
  /** Largest {@link #maxOperand}: sums and products stay far inside a long. */
  public static final int MAX_OPERAND = 1_000_000;
  /** Largest {@link #maxFactor}. */
  public static final int MAX_FACTOR = 1000;

  public WordProblemSettings {
    if (maxOperand < 2 || maxOperand > MAX_OPERAND) {
      throw new IllegalArgumentException("word problems: max operand must be in [2, "
          + MAX_OPERAND + "], got " + maxOperand);
    }
    if (maxFactor < 2 || maxFactor > MAX_FACTOR) {
      throw new IllegalArgumentException("word problems: max factor must be in [2, "
          + MAX_FACTOR + "], got " + maxFactor);
    }
    operations = List.copyOf(operations);
    if (operations.isEmpty() || operations.stream().distinct().count() != operations.size()) {
      throw new IllegalArgumentException(
          "word problems need distinct operations, got " + operations);
    }
  }

  /** Reads {@code ngrpo.task.word-problems}. */
  static WordProblemSettings from(Settings s) {
    return new WordProblemSettings(s.intIn("max-operand", 2, MAX_OPERAND),
        s.intIn("max-factor", 2, MAX_FACTOR), Operation.listOf(s, "ops"));
  }

  /** The largest operand of {@code operation}'s stories before it is told. */
  int maxOf(Operation operation) {
    return operation == Operation.MULTIPLY ? maxFactor : maxOperand;
  }
}
