package dev.ngrpo.orchestrator.data;

/** Why a dataset row was rejected. */
public enum BadRowReason {
  /** A JSONL line's bytes are not valid UTF-8, or a string holds an unpaired surrogate. */
  INVALID_UTF8,
  /**
   * A JSONL line is longer than {@code ngrpo.data.max-line-bytes}; it is skipped as it streams
   * by, never held whole.
   */
  LINE_TOO_LONG,
  /** A JSONL line is not one JSON object. */
  MALFORMED_JSON,
  /** The prompt field is absent or null, or a chat has no user message. */
  MISSING_PROMPT,
  /** The prompt is empty or only white space. */
  EMPTY_PROMPT,
  /** The answer field is absent or null. */
  MISSING_ANSWER,
  /** The answer is empty or only white space. */
  EMPTY_ANSWER,
  /** A field has the wrong type (e.g. a prompt that is a number, a chat that is a string). */
  WRONG_TYPE,
  /** The prompt has more tokens than the model accepts. */
  PROMPT_TOO_LONG,
  /**
   * The row's id is the id of a row kept earlier in the same dataset read (its files
   * together); the first one is kept.
   */
  DUPLICATE_ID,
  /** The configured verifier cannot grade any response against the row's reference answer. */
  UNPARSEABLE_REFERENCE
}
