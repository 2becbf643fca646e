package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.data.Prompt;
import java.util.List;

/**
 * A source of problems generated in code (no dataset file), split into train and test sets
 * that share no problem. Built by {@link Tasks} from {@code ngrpo.task}.
 */
public interface Task {

  /** The task's name, also the {@link Prompt#taskName()} of its prompts. */
  String name();

  /**
   * The prompts of {@code split}: the same list for the same settings on every JVM, with
   * {@link Prompt#index()} {@code 0..n-1} and ids unique within the task.
   */
  List<Prompt> prompts(Split split);
}
