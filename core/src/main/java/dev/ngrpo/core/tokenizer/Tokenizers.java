package dev.ngrpo.core.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.config.Registry;
import dev.ngrpo.core.safetensors.LocalModelFiles;
import dev.ngrpo.core.safetensors.ModelFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Loads the tokenizer of a model folder, choosing the implementation from its
 * {@code tokenizer.json}: the character-level layout that {@link CharTokenizer#save} writes loads
 * as a {@link CharTokenizer} (pure Java), anything else as a {@link HuggingFaceTokenizer}. A fresh
 * model starts with a character tokenizer named in {@code ngrpo.model.tokenizer} ({@link #fresh}).
 */
public final class Tokenizers {
  public static final String TOKENIZER_JSON = "tokenizer.json";
  public static final String TOKENIZER_CONFIG = "tokenizer_config.json";

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Registry<Supplier<CharTokenizer>> FRESH =
      Registry.<Supplier<CharTokenizer>>of("fresh-model tokenizer")
          .add("char", CharTokenizer::printableAscii)
          .add("char-arithmetic", CharTokenizer::arithmetic)
          .build();

  private Tokenizers() {}

  /**
   * The character tokenizer a fresh model starts with: {@code char} (printable ASCII and
   * newline) or {@code char-arithmetic} (digits, operators and space).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static CharTokenizer fresh(String name) {
    return FRESH.get(name).get();
  }

  /** The names {@link #fresh} knows, in registration order. */
  public static List<String> freshNames() {
    return FRESH.names();
  }

  /** The tokenizer of a local model folder. */
  public static Tokenizer load(Path dir) throws IOException {
    return load(new LocalModelFiles(dir));
  }

  /** The tokenizer of a model folder, with special tokens from its own files. */
  public static Tokenizer load(ModelFiles files) throws IOException {
    return load(files, null, null, List.of());
  }

  /**
   * The tokenizer of a model folder.
   *
   * @param eosToken the end-of-sequence token's text, or null to take it from the folder's files
   * @param padToken the padding token's text, or null to take it from the folder's files
   * @param extraStopTokens texts of further tokens that end generation (Hugging Face tokenizers
   *     only; a {@link CharTokenizer} fails when this is not empty)
   */
  public static Tokenizer load(ModelFiles files, String eosToken, String padToken,
      List<String> extraStopTokens) throws IOException {
    if (!files.exists(TOKENIZER_JSON)) {
      throw new FileNotFoundException("no tokenizer: " + files.location(TOKENIZER_JSON)
          + " does not exist");
    }
    String location = files.location(TOKENIZER_JSON);
    byte[] bytes = files.readAllBytes(TOKENIZER_JSON);
    ObjectNode tree = parseJson(bytes, location);
    if (CharTokenizer.recognizes(tree)) {
      if (eosToken != null || padToken != null || !extraStopTokens.isEmpty()) {
        throw new IllegalArgumentException(files.location(TOKENIZER_JSON)
            + " is a character-level tokenizer whose special tokens are fixed ("
            + CharTokenizer.PAD + ", " + CharTokenizer.EOS + "); remove the eos/pad/stop-token "
            + "overrides");
      }
      return CharTokenizer.fromJson(tree, location);
    }
    return HuggingFaceTokenizer.create(files, bytes, tree, eosToken, padToken, extraStopTokens);
  }

  /** A JSON file of the folder; malformed JSON fails naming the file. */
  static ObjectNode readJson(ModelFiles files, String name) throws IOException {
    return parseJson(files.readAllBytes(name), files.location(name));
  }

  /** A JSON object; anything else fails naming {@code location}. */
  static ObjectNode parseJson(byte[] bytes, String location) throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(location + ": malformed JSON: "
          + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(location + " is not a JSON object");
    }
    return (ObjectNode) node;
  }
}
