package dev.ngrpo.core.tokenizer;

import static dev.ngrpo.core.tokenizer.CharTokenizer.EOS;
import static dev.ngrpo.core.tokenizer.CharTokenizer.PAD;
import static dev.ngrpo.core.tokenizer.CharTokenizer.SPECIALS;
import static dev.ngrpo.core.tokenizer.CharTokenizer.UNK;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.safetensors.ModelFiles;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The Hugging Face files of a {@link CharTokenizer}. Its {@code tokenizer.json} is a BPE model
 * whose vocabulary is the single characters and whose merge list is empty (so BPE never joins two
 * characters), no normalizer or pre-tokenizer (spaces stay ordinary characters), the three special
 * tokens as added tokens, and a {@code Fuse} decoder so decoding concatenates the tokens.
 */
final class CharTokenizerFiles {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private CharTokenizerFiles() {}

  /** Tokens by id when the JSON has exactly the character-level structure, else null. */
  static List<String> tokens(JsonNode json) {
    JsonNode model = json.path("model");
    if (!model.path("type").asText().equals("BPE") || !model.path("merges").isArray()
        || model.path("merges").size() != 0 || !model.path("unk_token").asText().equals(UNK)
        || !json.path("normalizer").isNull() || !json.path("pre_tokenizer").isNull()
        || !json.path("decoder").path("type").asText().equals("Fuse")
        || !model.path("vocab").isObject()) {
      return null;
    }
    int n = model.path("vocab").size();
    String[] byId = new String[n];
    for (Map.Entry<String, JsonNode> e : model.path("vocab").properties()) {
      int id = e.getValue().asInt(-1);
      if (!e.getValue().isInt() || id < 0 || id >= n || byId[id] != null) {
        return null;
      }
      byId[id] = e.getKey();
    }
    for (int id = 0; id < n; id++) {
      boolean special = id < SPECIALS.size();
      if (special ? !byId[id].equals(SPECIALS.get(id))
          : byId[id].codePointCount(0, byId[id].length()) != 1) {
        return null;
      }
    }
    JsonNode added = json.path("added_tokens");
    if (!added.isArray() || added.size() != SPECIALS.size()) {
      return null;
    }
    for (JsonNode t : added) {
      int id = t.path("id").asInt(-1);
      if (id < 0 || id >= SPECIALS.size() || !t.path("content").asText().equals(SPECIALS.get(id))
          || !t.path("special").asBoolean()) {
        return null;
      }
    }
    return List.of(byId);
  }

  /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} of {@code tokens} by id. */
  static void write(List<String> tokens, ModelFiles files) throws IOException {
    files.write(Tokenizers.TOKENIZER_JSON, JSON.writeValueAsBytes(tokenizerJson(tokens)));
    ObjectNode config = JSON.createObjectNode();
    config.put("tokenizer_class", "PreTrainedTokenizerFast");
    config.put("pad_token", PAD);
    config.put("eos_token", EOS);
    config.put("unk_token", UNK);
    // transformers would otherwise strip the space before '.', ',', '!' on decode.
    config.put("clean_up_tokenization_spaces", false);
    files.write(Tokenizers.TOKENIZER_CONFIG, JSON.writeValueAsBytes(config));
  }

  /** The {@code tokenizer.json} tree described in the class comment. */
  static ObjectNode tokenizerJson(List<String> tokens) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int id = 0; id < SPECIALS.size(); id++) {
      added.addObject()
          .put("id", id)
          .put("content", SPECIALS.get(id))
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }
    root.putNull("normalizer");
    root.putNull("pre_tokenizer");
    root.putNull("post_processor");
    root.putObject("decoder").put("type", "Fuse");
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.put("unk_token", UNK);
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    for (int id = 0; id < tokens.size(); id++) {
      vocab.put(tokens.get(id), id);
    }
    model.putArray("merges");
    return root;
  }

}
