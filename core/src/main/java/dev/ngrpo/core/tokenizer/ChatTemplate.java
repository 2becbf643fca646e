package dev.ngrpo.core.tokenizer;

import java.util.List;

/**
 * Turns a task's user message into the exact text the model continues, and says which strings
 * end the model's answer. Rollouts and log-prob computation must render prompts through the
 * same template the model was trained with, or token ids shift. Templates are made by name in
 * {@link ChatTemplates}.
 */
public interface ChatTemplate {
  /** The prompt for one user turn, ending exactly where the model's answer begins. */
  String render(String userMessage);

  /**
   * Texts that end the answer when generated (besides the tokenizer's eos token); map them to
   * ids with {@link Tokenizer#tokenId} where they are single tokens.
   */
  List<String> stopStrings();
}
