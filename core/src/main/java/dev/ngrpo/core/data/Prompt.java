package dev.ngrpo.core.data;

import java.util.Objects;

/**
 * One problem of a task, before tokenization: what the model is asked and the answer its
 * verifier checks against.
 *
 * @param id stable identifier of the problem within its dataset (used in errors and logs)
 * @param index position of the problem in its dataset; orders groups and derives seeds
 * @param taskName the task whose verifier scores responses to this prompt
 * @param text the user message (a chat template is applied at tokenization)
 * @param referenceAnswer the ground truth the verifier compares against
 */
public record Prompt(String id, long index, String taskName, String text, String referenceAnswer) {
  public Prompt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(referenceAnswer, "referenceAnswer");
    if (index < 0) {
      throw new IllegalArgumentException("prompt index must be >= 0, got " + index + " for " + id);
    }
  }
}
