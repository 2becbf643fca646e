package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.config.Settings;
import java.util.ArrayList;
import java.util.List;

/** An arithmetic operation of the built-in task, written with its ASCII symbol. */
public enum Operation {
  ADD("+"),
  SUBTRACT("-"),
  MULTIPLY("*");

  private final String symbol;

  Operation(String symbol) {
    this.symbol = symbol;
  }

  /** The symbol in prompts and in {@code ngrpo.task.arithmetic.ops}. */
  public String symbol() {
    return symbol;
  }

  /** {@code a op b}; operands of at most 9 digits cannot overflow a long. */
  public long apply(long a, long b) {
    return switch (this) {
      case ADD -> a + b;
      case SUBTRACT -> a - b;
      case MULTIPLY -> a * b;
    };
  }

  /** The operation written {@code symbol}; fails listing the known symbols. */
  public static Operation of(String symbol) {
    for (Operation op : values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown operation '" + symbol + "'; known: " + symbols());
  }

  /**
   * The operations the list {@code key} of {@code s} names by symbol; fails naming the key when
   * a symbol is unknown or repeats, or the list is empty.
   */
  static List<Operation> listOf(Settings s, String key) {
    List<String> symbols = s.strings(key);
    List<Operation> ops = new ArrayList<>();
    for (String symbol : symbols) {
      if (!symbols().contains(symbol)) {
        throw s.bad(key, "must hold symbols from " + symbols() + ", got '" + symbol + "'");
      }
      ops.add(of(symbol));
    }
    if (ops.isEmpty() || ops.stream().distinct().count() != ops.size()) {
      throw s.bad(key, "must be a non-empty list of distinct symbols, got " + symbols);
    }
    return ops;
  }

  /** Every symbol, in declaration order. */
  public static List<String> symbols() {
    List<String> s = new ArrayList<>();
    for (Operation op : values()) {
      s.add(op.symbol);
    }
    return s;
  }
}
