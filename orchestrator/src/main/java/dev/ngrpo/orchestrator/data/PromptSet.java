package dev.ngrpo.orchestrator.data;

import dev.ngrpo.core.data.PromptTask;
import java.util.List;

/**
 * A tokenized split of prompts, in dataset order, ready to be drawn by a {@link PromptCursor}.
 *
 * @param name where it came from, for logs ("arithmetic train", a file path)
 * @param tasks the prompts, index i at position i
 */
public record PromptSet(String name, List<PromptTask> tasks) {
  public PromptSet {
    tasks = List.copyOf(tasks);
  }

  /** Prompts in the set. */
  public int size() {
    return tasks.size();
  }

  /** The first {@code n} prompts (all when {@code n} is 0 or larger than the set). */
  public PromptSet first(int n) {
    return n <= 0 || n >= tasks.size() ? this : new PromptSet(name, tasks.subList(0, n));
  }
}
