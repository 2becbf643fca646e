package dev.ngrpo.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.safetensors.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model folder's own Jinja chat template and the special tokens transformers hands it, found
 * where transformers looks: {@value #JINJA_FILE} (which newer transformers writes, and which wins
 * over the config when both exist), else the {@code chat_template} of
 * {@code tokenizer_config.json}, either a string or a list of {@code {"name", "template"}} of
 * which the one named {@value #DEFAULT_NAME} is used, as transformers does when no name is
 * asked for.
 *
 * <p>The special tokens are those of {@code tokenizer_config.json} that transformers passes to
 * the template: {@link #TOKEN_KEYS} (each a string or an {@code {"content": ...}} object; a
 * null one is left undefined, as transformers leaves Qwen's {@code bos_token} out) and
 * {@code additional_special_tokens} as a list of strings.
 *
 * @param text the template
 * @param location where it was read ({@code .../chat_template.jinja} or {@code
 *     .../tokenizer_config.json chat_template}), for errors
 * @param specialTokens the template variables {@code bos_token}, {@code eos_token}, ...
 */
public record ChatTemplateSource(String text, String location, Map<String, Object> specialTokens) {
  /** The template file newer transformers save beside {@code tokenizer_config.json}. */
  public static final String JINJA_FILE = "chat_template.jinja";
  /** The template picked from a list of named ones. */
  public static final String DEFAULT_NAME = "default";
  /** The single special tokens transformers passes to templates. */
  public static final List<String> TOKEN_KEYS = List.of("bos_token", "eos_token", "unk_token",
      "sep_token", "pad_token", "cls_token", "mask_token");

  private static final String TEMPLATE_KEY = "chat_template";

  public ChatTemplateSource {
    specialTokens = Map.copyOf(specialTokens);
  }

  /**
   * The chat template of a model folder, or empty when it has none.
   *
   * @throws IllegalArgumentException when {@code chat_template} is neither a string nor a list
   *     of named templates, or is a list without {@value #DEFAULT_NAME} (listing the names), or
   *     {@code tokenizer_config.json} is not a JSON object
   */
  public static Optional<ChatTemplateSource> read(ModelFiles files) throws IOException {
    ObjectNode config = files.exists(Tokenizers.TOKENIZER_CONFIG)
        ? Tokenizers.readJson(files, Tokenizers.TOKENIZER_CONFIG)
        : null;
    Map<String, Object> tokens = config == null ? Map.of() : specialTokens(config);
    if (files.exists(JINJA_FILE)) {
      String text = new String(files.readAllBytes(JINJA_FILE), StandardCharsets.UTF_8);
      return Optional.of(new ChatTemplateSource(text, files.location(JINJA_FILE), tokens));
    }
    if (config == null || config.path(TEMPLATE_KEY).isMissingNode()
        || config.path(TEMPLATE_KEY).isNull()) {
      return Optional.empty();
    }
    String location = files.location(Tokenizers.TOKENIZER_CONFIG) + " " + TEMPLATE_KEY;
    return Optional.of(new ChatTemplateSource(template(config.get(TEMPLATE_KEY), location),
        location, tokens));
  }

  private static String template(JsonNode value, String location) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(location + " must be a string or a list of {\"name\","
          + " \"template\"}, got " + value.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    List<String> names = new ArrayList<>();
    for (JsonNode entry : value) {
      String name = entry.path("name").asText();
      names.add(name);
      if (name.equals(DEFAULT_NAME) && entry.path("template").isTextual()) {
        return entry.path("template").textValue();
      }
    }
    throw new IllegalArgumentException(location + " lists templates " + names + " but none"
        + " named '" + DEFAULT_NAME + "' with a string template; transformers, asked for no"
        + " name, uses '" + DEFAULT_NAME + "'");
  }

  private static Map<String, Object> specialTokens(ObjectNode config) {
    Map<String, Object> tokens = new LinkedHashMap<>();
    for (String key : TOKEN_KEYS) {
      String token = HuggingFaceTokenizer.configToken(config, key);
      if (token != null) {
        tokens.put(key, token);
      }
    }
    List<String> additional = new ArrayList<>();
    for (JsonNode t : config.path("additional_special_tokens")) {
      String token = t.isTextual() ? t.textValue() : t.path("content").textValue();
      if (token != null) {
        additional.add(token);
      }
    }
    if (!additional.isEmpty()) {
      tokens.put("additional_special_tokens", List.copyOf(additional));
    }
    return tokens;
  }
}
