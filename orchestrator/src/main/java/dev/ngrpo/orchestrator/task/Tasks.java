package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.config.Registry;
import java.util.List;
import java.util.function.Function;

/**
 * The registry of built-in tasks by name ({@code ngrpo.task.name}). Tasks read from files are
 * not here: they are datasets ({@code ngrpo.data}, see {@code dev.ngrpo.orchestrator.data}).
 */
public final class Tasks {
  private static final Registry<Function<TaskSettings, Task>> BUILT_IN =
      Registry.<Function<TaskSettings, Task>>of("task")
          .add(ArithmeticTask.NAME, s -> new ArithmeticTask(s.arithmetic(), s.seed(),
              s.trainSize(), s.testSize(), s.testFraction()))
          .add(WordProblemTask.NAME, s -> new WordProblemTask(s.wordProblems(), s.seed(),
              s.trainSize(), s.testSize(), s.testFraction()))
          .build();

  private Tasks() {}

  /** The names of the built-in tasks. */
  public static List<String> names() {
    return BUILT_IN.names();
  }

  /** The task {@code settings} describe; an unknown name fails listing the known ones. */
  public static Task create(TaskSettings settings) {
    return BUILT_IN.get(settings.name()).apply(settings);
  }
}
