package dev.ngrpo.core.tokenizer;

import dev.ngrpo.core.config.Registry;
import dev.ngrpo.core.safetensors.ModelFiles;
import dev.ngrpo.core.tokenizer.jinja.JinjaEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat templates by name: {@value #PLAIN} ({@link PlainTemplate}), {@value #CHATML}
 * ({@link ChatMlTemplate}) and {@value #MODEL}, the model folder's own Jinja template
 * ({@link ModelChatTemplate}, read by {@link ChatTemplateSource}), each made from a system text
 * (null for the template's default).
 *
 * <p>{@value #MODEL} falls back to ChatML, with the given system text and none by default, when
 * the folder has no template, and says so in a warning: older transformers rendered such
 * tokenizers with the same ChatML. It needs a folder: a fresh model has no template of its own.
 */
public final class ChatTemplates {
  public static final String PLAIN = "plain";
  public static final String CHATML = "chatml";
  public static final String MODEL = "model";

  private static final Logger LOG = LoggerFactory.getLogger(ChatTemplates.class);

  /** Makes a template from a system text and the model folder (null for a fresh model). */
  private interface Factory {
    ChatTemplate create(String system, ModelFiles folder) throws IOException;
  }

  private static final Registry<Factory> REGISTRY = Registry.<Factory>of("chat template")
      .add(PLAIN, (system, folder) -> new PlainTemplate(system == null ? "" : system))
      .add(CHATML, (system, folder) ->
          new ChatMlTemplate(system == null ? ChatMlTemplate.DEFAULT_SYSTEM : system))
      .add(MODEL, ChatTemplates::model)
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
   * The template {@code name}, for a model without a folder.
   *
   * @param system the system text (the prefix for plain), or null for the template's default
   * @throws IllegalArgumentException for an unknown name, listing the known ones, and for
   *     {@value #MODEL}, which needs a folder
   */
  public static ChatTemplate create(String name, String system) {
    try {
      return create(name, system, null);
    } catch (IOException e) {
      // no folder, nothing read
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The template {@code name} for the model in {@code folder}.
   *
   * @param system the system text (the prefix for plain), or null for the template's default
   * @param folder the model folder, or null for a fresh model
   * @throws IllegalArgumentException for an unknown name, listing the known ones; for
   *     {@value #MODEL} without a folder; for a folder template that is malformed or does not
   *     render, naming its file
   */
  public static ChatTemplate create(String name, String system, ModelFiles folder)
      throws IOException {
    return REGISTRY.get(name).create(system, folder);
  }

  private static ChatTemplate model(String system, ModelFiles folder) throws IOException {
    if (folder == null) {
      throw new IllegalArgumentException("chat template '" + MODEL + "' renders the model"
          + " folder's own template, and a fresh model has none: use '" + PLAIN + "' or '"
          + CHATML + "'");
    }
    Optional<ChatTemplateSource> source = ChatTemplateSource.read(folder);
    if (source.isEmpty()) {
      LOG.warn("the model has no chat template ({} does not exist, {} has no chat_template):"
          + " prompts use ChatML", folder.location(ChatTemplateSource.JINJA_FILE),
          folder.location(Tokenizers.TOKENIZER_CONFIG));
      return new ChatMlTemplate(system == null ? "" : system);
    }
    ModelChatTemplate template = ModelChatTemplate.of(source.get(), system, new JinjaEngine());
    LOG.info("prompts use the chat template of {} (stop strings {})", template.location(),
        template.stopStrings());
    return template;
  }
}
