package dev.ngrpo.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelConfig}, strictly: a field of the
 * wrong type fails naming it instead of being read as a default, since a silently wrong shape
 * would only show later as garbage generations.
 */
final class ConfigJsonReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigJsonReader() {}

  /** {@link ModelConfig#fromJson}. */
  static ModelConfig read(String json, String source) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(source + ": config.json must be a JSON object");
    }
    try {
      String type = text(n, "model_type", "llama");
      int hidden = integer(n, "hidden_size");
      int heads = integer(n, "num_attention_heads");
      int headDim = n.hasNonNull("head_dim") ? integer(n, "head_dim") : hidden / heads;
      if (!n.hasNonNull("head_dim") && hidden % heads != 0) {
        throw ModelConfig.invalid("num_attention_heads", heads, "must divide hidden_size = " + hidden);
      }
      if (n.hasNonNull("rope_scaling")) {
        throw ModelConfig.invalid("rope_scaling", n.get("rope_scaling"), "is not supported (only plain RoPE)");
      }
      if (bool(n, "use_sliding_window", false)) {
        throw ModelConfig.invalid("use_sliding_window", true, "is not supported");
      }
      String act = text(n, "hidden_act", "silu");
      if (!act.equals("silu")) {
        throw ModelConfig.invalid("hidden_act", act, "must be silu (SwiGLU MLP)");
      }
      boolean bias = bool(n, "attention_bias", ModelConfig.architectureOf(type).attentionBiasByDefault());
      return new ModelConfig(type, integer(n, "vocab_size"), hidden,
          integer(n, "intermediate_size"), integer(n, "num_hidden_layers"), heads,
          n.hasNonNull("num_key_value_heads") ? integer(n, "num_key_value_heads") : heads,
          headDim, number(n, "rms_norm_eps", 1e-6), number(n, "rope_theta", 10000.0),
          integer(n, "max_position_embeddings"), bool(n, "tie_word_embeddings", false),
          bias, tokenId(n, "bos_token_id"), tokenId(n, "eos_token_id"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static int integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("config.json field " + field + " is missing");
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw ModelConfig.invalid(field, v, "must be an integer");
    }
    return v.intValue();
  }

  private static int tokenId(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return -1;
    }
    if (v.isArray()) {
      // Some configs list several eos ids; the first is the one generation stops on.
      if (v.isEmpty()) {
        return -1;
      }
      if (!v.get(0).isIntegralNumber() || !v.get(0).canConvertToInt()) {
        throw ModelConfig.invalid(field, v, "must be an integer or a list of integers");
      }
      return v.get(0).intValue();
    }
    return integer(n, field);
  }

  private static double number(JsonNode n, String field, double fallback) {
    JsonNode v = present(n, field, JsonNode::isNumber, "must be a number");
    return v == null ? fallback : v.doubleValue();
  }

  private static String text(JsonNode n, String field, String fallback) {
    JsonNode v = present(n, field, JsonNode::isTextual, "must be a string");
    return v == null ? fallback : v.textValue();
  }

  /** A JSON boolean; {@code "true"} or {@code 1} is refused rather than read as false. */
  private static boolean bool(JsonNode n, String field, boolean fallback) {
    JsonNode v = present(n, field, JsonNode::isBoolean, "must be true or false");
    return v == null ? fallback : v.booleanValue();
  }

  /**
   * The value of {@code field}, or null when it is absent or JSON null; a value of another
   * type fails naming the field, the value and {@code expected}.
   */
  private static JsonNode present(JsonNode n, String field, Predicate<JsonNode> type,
      String expected) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!type.test(v)) {
      throw ModelConfig.invalid(field, v, expected);
    }
    return v;
  }
}
