package dev.ngrpo.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tokenized prompt sent to a rollout worker: the unit of work of one group of G responses.
 *
 * @param promptId the prompt's identifier (see {@link Prompt#id()})
 * @param promptIndex the prompt's dataset index; seeds derive from it
 * @param taskName the task whose verifier scores the responses
 * @param promptTokens the prompt after the chat template, as token ids
 * @param referenceAnswer ground truth for the verifier
 */
public record PromptTask(
    String promptId, long promptIndex, String taskName, int[] promptTokens, String referenceAnswer) {
  public PromptTask {
    Objects.requireNonNull(promptId, "promptId");
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(promptTokens, "promptTokens");
    Objects.requireNonNull(referenceAnswer, "referenceAnswer");
    if (promptTokens.length == 0) {
      throw new IllegalArgumentException("prompt " + promptId + " has no tokens");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PromptTask t
        && promptIndex == t.promptIndex
        && promptId.equals(t.promptId)
        && taskName.equals(t.taskName)
        && Arrays.equals(promptTokens, t.promptTokens)
        && referenceAnswer.equals(t.referenceAnswer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(promptId, promptIndex, taskName, Arrays.hashCode(promptTokens), referenceAnswer);
  }

  @Override
  public String toString() {
    return "PromptTask[" + promptId + " #" + promptIndex + " " + taskName + ", "
        + promptTokens.length + " tokens]";
  }
}
