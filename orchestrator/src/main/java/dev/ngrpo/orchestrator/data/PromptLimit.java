package dev.ngrpo.orchestrator.data;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The model's limit on prompt length, checked on every dataset row. The token counter is
 * supplied by the caller (the model's tokenizer, applied to the prompt as it will be fed,
 * chat template included), so this module needs no tokenizer.
 */
public final class PromptLimit {
  private static final PromptLimit NONE = new PromptLimit(null, Integer.MAX_VALUE);

  private final ToIntFunction<String> tokenCounter;
  private final int maxTokens;

  private PromptLimit(ToIntFunction<String> tokenCounter, int maxTokens) {
    this.tokenCounter = tokenCounter;
    this.maxTokens = maxTokens;
  }

  /**
   * Prompts of more than {@code maxTokens} tokens, as {@code tokenCounter} counts them, are bad
   * rows ({@link BadRowReason#PROMPT_TOO_LONG}).
   */
  public static PromptLimit of(ToIntFunction<String> tokenCounter, int maxTokens) {
    Objects.requireNonNull(tokenCounter, "tokenCounter");
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max prompt tokens must be >= 1, got " + maxTokens);
    }
    return new PromptLimit(tokenCounter, maxTokens);
  }

  /** No limit: for checks before a tokenizer is known. */
  public static PromptLimit none() {
    return NONE;
  }

  /** Why {@code text} is too long, or null when it fits. */
  String excess(String text) {
    if (tokenCounter == null) {
      return null;
    }
    int tokens = tokenCounter.applyAsInt(text);
    return tokens > maxTokens ? tokens + " tokens, more than the limit of " + maxTokens : null;
  }
}
