package dev.ngrpo.core.tokenizer;

import dev.ngrpo.core.tokenizer.jinja.JinjaEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A model's own Jinja chat template, rendered as transformers' {@code
 * apply_chat_template(messages, add_generation_prompt=True, tokenize=False)} renders it, so the
 * prompts of a run are those verl gives the same checkpoint. The messages are a system message
 * when the system text is not empty, then the user message; the variables are {@code messages},
 * {@code add_generation_prompt = true}, {@code tools} and {@code documents} (none) and the
 * folder's special tokens ({@link ChatTemplateSource}).
 *
 * <p>Stop strings: the folder's {@code eos_token}, then each of {@link #END_OF_TURN} that the
 * template text contains: instruct checkpoints end a turn with a marker that is not always the
 * configured eos (Llama 3.0's config names {@code <|end_of_text|>}, its turns end with
 * {@code <|eot_id|>}).
 *
 * <p>Built by {@link #of}, which renders one probe prompt, so a template that does not parse,
 * that raises an exception of its own for these messages (a system message where the template
 * allows none), or that drops the user message fails when the run starts, naming its file.
 */
public final class ModelChatTemplate implements ChatTemplate {
  /** End-of-turn markers of common chat formats (ChatML, Llama 3, Phi-3, Gemma). */
  public static final List<String> END_OF_TURN =
      List.of("<|im_end|>", "<|eot_id|>", "<|eom_id|>", "<|end|>", "<end_of_turn>");

  private static final String PROBE = "What is 2+3?";

  private final ChatTemplateSource source;
  private final String system;
  private final JinjaEngine engine;
  private final List<String> stopStrings;

  private ModelChatTemplate(ChatTemplateSource source, String system, JinjaEngine engine) {
    this.source = source;
    this.system = system;
    this.engine = engine;
    Set<String> stops = new LinkedHashSet<>();
    if (source.specialTokens().get("eos_token") instanceof String eos) {
      stops.add(eos);
    }
    for (String marker : END_OF_TURN) {
      if (source.text().contains(marker)) {
        stops.add(marker);
      }
    }
    this.stopStrings = List.copyOf(stops);
  }

  /**
   * The template of {@code source}, checked by rendering one prompt.
   *
   * @param system the system message, "" or null for none (the template's own default then
   *     applies, e.g. Qwen2.5's "You are Qwen, created by Alibaba Cloud...")
   * @throws IllegalArgumentException naming {@link ChatTemplateSource#location()} when the
   *     template does not render those messages or leaves the user message out
   */
  public static ModelChatTemplate of(ChatTemplateSource source, String system,
      JinjaEngine engine) {
    ModelChatTemplate t = new ModelChatTemplate(Objects.requireNonNull(source, "source"),
        system == null ? "" : system, Objects.requireNonNull(engine, "engine"));
    String probe = t.render(PROBE);
    if (!probe.contains(PROBE)) {
      throw new IllegalArgumentException(source.location() + ": the chat template leaves the"
          + " user message out: the message '" + PROBE + "' renders as '" + probe + "'");
    }
    return t;
  }

  @Override
  public String render(String userMessage) {
    Objects.requireNonNull(userMessage, "userMessage");
    List<Map<String, Object>> messages = new ArrayList<>(2);
    if (!system.isEmpty()) {
      messages.add(message("system", system));
    }
    messages.add(message("user", userMessage));
    Map<String, Object> variables = new HashMap<>(source.specialTokens());
    variables.put("messages", List.copyOf(messages));
    variables.put("tools", null);
    variables.put("documents", null);
    variables.put("add_generation_prompt", true);
    return engine.render(source.text(), variables, source.location());
  }

  /** A message as Python's {@code {"role": role, "content": content}}, keys in that order. */
  private static Map<String, Object> message(String role, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }

  @Override
  public List<String> stopStrings() {
    return stopStrings;
  }

  /** Where the template was read, for logs. */
  public String location() {
    return source.location();
  }

  @Override
  public String toString() {
    return "ModelChatTemplate[" + source.location() + ", stops " + stopStrings + "]";
  }
}
