package dev.ngrpo.core.tokenizer;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The message as is, after an optional fixed prefix: {@code render(m) = systemPrefix + m}. For
 * base models and the character-level synthetic tasks, whose answers end at the eos token.
 *
 * @param systemPrefix text put before every message, often empty
 */
public record PlainTemplate(String systemPrefix) implements ChatTemplate, Serializable {
  public PlainTemplate {
    Objects.requireNonNull(systemPrefix, "systemPrefix");
  }

  @Override
  public String render(String userMessage) {
    return systemPrefix + Objects.requireNonNull(userMessage, "userMessage");
  }

  @Override
  public List<String> stopStrings() {
    return List.of();
  }
}
