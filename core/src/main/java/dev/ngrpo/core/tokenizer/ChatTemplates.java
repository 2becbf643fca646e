package dev.ngrpo.core.tokenizer;

import dev.ngrpo.core.config.Registry;
import java.util.List;
import java.util.function.Function;

/**
 * The chat templates by name: {@value #PLAIN} ({@link PlainTemplate}) and {@value #CHATML}
 * ({@link ChatMlTemplate}), each made from a system text (null for the template's default).
 */
public final class ChatTemplates {
  public static final String PLAIN = "plain";
  public static final String CHATML = "chatml";

  private static final Registry<Function<String, ChatTemplate>> REGISTRY =
      Registry.<Function<String, ChatTemplate>>of("chat template")
          .add(PLAIN, system -> new PlainTemplate(system == null ? "" : system))
          .add(CHATML, system ->
              new ChatMlTemplate(system == null ? ChatMlTemplate.DEFAULT_SYSTEM : system))
          .build();

  private ChatTemplates() {}

  /** The known names, in registration order. */
  public static List<String> names() {
    return REGISTRY.names();
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
    return REGISTRY.get(name).apply(system);
  }
}
