package dev.ngrpo.orchestrator.task;

import java.util.List;

/**
 * The registry of built-in tasks by name ({@code ngrpo.task.name}). Tasks read from files are
 * not here: they are datasets ({@code ngrpo.data}, see {@code dev.ngrpo.orchestrator.data}).
 */
public final class Tasks {
  private static final List<String> NAMES = List.of(ArithmeticTask.NAME);

  private Tasks() {}

  /** The names of the built-in tasks. */
  public static List<String> names() {
    return NAMES;
  }

  /** The task {@code settings} describe; an unknown name fails listing the known ones. */
  public static Task create(TaskSettings settings) {
    if (ArithmeticTask.NAME.equals(settings.name())) {
      return new ArithmeticTask(settings.arithmetic(), settings.seed(), settings.trainSize(),
          settings.testSize(), settings.testFraction());
    }
    throw new IllegalArgumentException(
        "unknown task '" + settings.name() + "'; known: " + String.join(", ", NAMES));
  }
}
