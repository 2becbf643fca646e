package dev.ngrpo.orchestrator.data;

import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.tokenizer.ChatTemplate;
import dev.ngrpo.core.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Turns a {@link Prompt} into the {@link PromptTask} the model sees: the chat template renders
 * the user turn, the tokenizer encodes it. Also gives the stop tokens the template implies and
 * the prompt-length check of the dataset readers.
 */
public final class PromptEncoder {
  private final Tokenizer tokenizer;
  private final ChatTemplate template;

  public PromptEncoder(Tokenizer tokenizer, ChatTemplate template) {
    this.tokenizer = tokenizer;
    this.template = template;
  }

  /** The model input of {@code p}. */
  public PromptTask encode(Prompt p) {
    return new PromptTask(p.id(), p.index(), p.taskName(), tokens(p.text()), p.referenceAnswer());
  }

  /** Token count of the rendered prompt {@code text}. */
  public int tokenCount(String text) {
    return tokens(text).length;
  }

  private int[] tokens(String text) {
    return tokenizer.encode(template.render(text));
  }

  /** Prompts longer than {@code maxTokens} after templating are bad rows. */
  public PromptLimit limit(int maxTokens) {
    return PromptLimit.of(this::tokenCount, maxTokens);
  }

  /**
   * Ids that end a response: the tokenizer's eos and stop ids plus the template's stop strings
   * that are single tokens, without duplicates.
   */
  public int[] stopIds() {
    IntStream ids = IntStream.concat(IntStream.of(tokenizer.eosId()),
        Arrays.stream(tokenizer.stopIds()));
    for (String s : template.stopStrings()) {
      OptionalInt id = tokenizer.tokenId(s);
      if (id.isPresent()) {
        ids = IntStream.concat(ids, IntStream.of(id.getAsInt()));
      }
    }
    return ids.filter(i -> i >= 0).distinct().toArray();
  }
}
