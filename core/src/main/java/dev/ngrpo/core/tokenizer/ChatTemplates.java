package dev.ngrpo.core.tokenizer;

import java.util.List;

/**
 * The chat templates by name: {@value #PLAIN} ({@link PlainTemplate}) and {@value #CHATML}
 * ({@link ChatMlTemplate}).
 */
public final class ChatTemplates {
  public static final String PLAIN = "plain";
  public static final String CHATML = "chatml";

  private ChatTemplates() {}

  /** The known names. */
  public static List<String> names() {
    return List.of(PLAIN, CHATML);
  }

  /** The template {@code name} with its default system text (none for plain). */
  public static ChatTemplate create(String name) {
    return create(name, null);
  }

  /**
   * The template {@code name}.
   *
   * @param system the system text (the prefix for plain), or null for the template's default
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static ChatTemplate create(String name, String system) {
    return switch (name) {
      case PLAIN -> new PlainTemplate(system == null ? "" : system);
      case CHATML -> new ChatMlTemplate(system == null ? ChatMlTemplate.DEFAULT_SYSTEM : system);
      default -> throw new IllegalArgumentException(
          "unknown chat template '" + name + "'; known: " + names());
    };
  }
}
