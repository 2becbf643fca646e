package dev.ngrpo.orchestrator.data;

/**
 * The names of the JSONL fields a dataset row is read from ({@code ngrpo.data.jsonl}).
 *
 * @param id field of the row's id; empty: ids are {@code <file name>:<line>}
 * @param prompt field of the prompt text
 * @param answer field of the reference answer
 * @param task field of the task name; empty: every row gets the default task name
 */
public record JsonlFields(String id, String prompt, String answer, String task) {
  /** The default names: {@code id}, {@code prompt}, {@code answer}, {@code task}. */
  public static final JsonlFields DEFAULT = new JsonlFields("id", "prompt", "answer", "task");

  public JsonlFields {
    if (prompt == null || prompt.isBlank() || answer == null || answer.isBlank()) {
      throw new IllegalArgumentException("the prompt and answer field names must not be empty, "
          + "got prompt '" + prompt + "', answer '" + answer + "'");
    }
    if (id == null || task == null) {
      throw new IllegalArgumentException("the id and task field names must be strings (empty "
          + "when unused), got id " + id + ", task " + task);
    }
  }
}
