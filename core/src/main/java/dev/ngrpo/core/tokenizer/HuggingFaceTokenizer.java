package dev.ngrpo.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.safetensors.ModelFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Hugging Face {@code tokenizer.json} run by the native Rust tokenizers library through DJL,
 * fully offline. Encoding adds no special tokens and neither truncates nor pads; decoding does
 * not "clean up" spaces, so {@code decode(encode(text)) == text} for the usual byte-level BPE
 * tokenizers (Qwen, Llama 3, GPT-2).
 *
 * <p>Special tokens: the end-of-sequence and padding tokens come, in this order, from the
 * explicit overrides, from {@code eos_token}/{@code pad_token} in {@code tokenizer_config.json},
 * or, for eos, from the first special added token among {@link #EOS_CANDIDATES}; padding falls
 * back to eos. {@link #vocabSize()} counts the tokenizer's ids (vocabulary plus added tokens),
 * which can be smaller than the model's embedding table (Qwen pads that to a multiple of 128).
 *
 * <p>Holds a native handle: {@link #close()} it. Loading sets the system property
 * {@code OPT_OUT_TRACKING=true} unless it is set, because otherwise DJL's usage reporting may
 * try to reach a cloud metadata address from inside a cluster.
 */
public final class HuggingFaceTokenizer implements Tokenizer {
  /** End-of-sequence tokens recognized when {@code tokenizer_config.json} names none. */
  public static final List<String> EOS_CANDIDATES =
      List.of("<|endoftext|>", "</s>", "<|end_of_text|>", "<eos>", "<|eot_id|>");

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer;
  private final byte[] tokenizerJson;
  private final byte[] tokenizerConfig;
  private final byte[] chatTemplate;
  private final Map<String, Integer> ids;
  private final int vocabSize;
  private final int eosId;
  private final int padId;
  private final int[] stopIds;

  private HuggingFaceTokenizer(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer,
      byte[] tokenizerJson, byte[] tokenizerConfig, byte[] chatTemplate, Map<String, Integer> ids,
      int eosId, int padId, int[] stopIds) {
    this.tokenizer = tokenizer;
    this.tokenizerJson = tokenizerJson;
    this.tokenizerConfig = tokenizerConfig;
    this.chatTemplate = chatTemplate;
    this.ids = ids;
    this.vocabSize = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    this.eosId = eosId;
    this.padId = padId;
    this.stopIds = stopIds;
  }

  /**
   * Loads {@code tokenizer.json} (and {@code tokenizer_config.json}, {@code chat_template.jinja}
   * when present).
   */
  public static HuggingFaceTokenizer load(ModelFiles files) throws IOException {
    return load(files, null, null, List.of());
  }

  /**
   * Loads {@code tokenizer.json} (and {@code tokenizer_config.json}, {@code chat_template.jinja}
   * when present).
   *
   * @param eosToken end-of-sequence token text, or null to find it in the files
   * @param padToken padding token text, or null to find it in the files
   * @param extraStopTokens texts of tokens that end generation besides eos
   * @throws IllegalArgumentException when a named token is not in the vocabulary, or no eos
   *     token can be found (the message lists the special tokens)
   */
  public static HuggingFaceTokenizer load(ModelFiles files, String eosToken, String padToken,
      List<String> extraStopTokens) throws IOException {
    byte[] json = files.readAllBytes(Tokenizers.TOKENIZER_JSON);
    return create(files, json,
        Tokenizers.parseJson(json, files.location(Tokenizers.TOKENIZER_JSON)), eosToken, padToken,
        extraStopTokens);
  }

  /** As {@link #load}, from an already read and parsed {@code tokenizer.json}. */
  static HuggingFaceTokenizer create(ModelFiles files, byte[] json, JsonNode tree,
      String eosToken, String padToken, List<String> extraStopTokens) throws IOException {
    String source = files.location(Tokenizers.TOKENIZER_JSON);
    byte[] configBytes = null;
    ObjectNode config = JSON.createObjectNode();
    String configSource = files.location(Tokenizers.TOKENIZER_CONFIG);
    if (files.exists(Tokenizers.TOKENIZER_CONFIG)) {
      configBytes = files.readAllBytes(Tokenizers.TOKENIZER_CONFIG);
      config = Tokenizers.readJson(files, Tokenizers.TOKENIZER_CONFIG);
    }
    Map<String, Integer> ids = new HashMap<>();
    List<String> specials = new ArrayList<>();
    readVocabulary(tree, source, ids, specials);

    String eos = eosToken != null ? eosToken : configToken(config, "eos_token");
    String eosFrom = eosToken != null ? "the eos override" : configSource + " eos_token";
    if (eos == null) {
      eos = EOS_CANDIDATES.stream().filter(specials::contains).findFirst().orElseThrow(() ->
          new IllegalArgumentException("no end-of-sequence token: " + configSource
              + " names no eos_token and none of " + EOS_CANDIDATES + " is a special token of "
              + source + " (its special tokens: " + specials + "); set the eos token explicitly"));
      eosFrom = source + " special tokens";
    }
    int eosId = idOf(ids, eos, eosFrom, source);
    String pad = padToken != null ? padToken : configToken(config, "pad_token");
    int padId = pad == null ? eosId : idOf(ids, pad, padToken != null ? "the pad override"
        : configSource + " pad_token", source);
    Set<Integer> stops = new LinkedHashSet<>();
    stops.add(eosId);
    for (String t : extraStopTokens) {
      stops.add(idOf(ids, t, "the stop tokens", source));
    }
    if (eosToken != null || padToken != null) {
      ObjectNode edited = config.deepCopy();
      edited.put("eos_token", eos);
      if (pad != null) {
        edited.put("pad_token", pad);
      }
      configBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(edited);
    }

    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    ai.djl.huggingface.tokenizers.HuggingFaceTokenizer handle =
        ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
            new ByteArrayInputStream(json),
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    byte[] chatTemplate = files.exists(ChatTemplateSource.JINJA_FILE)
        ? files.readAllBytes(ChatTemplateSource.JINJA_FILE)
        : null;
    return new HuggingFaceTokenizer(handle, json, configBytes, chatTemplate, Map.copyOf(ids),
        eosId, padId, stops.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Fills {@code ids} from the model's vocabulary (an object for BPE/WordLevel/WordPiece, a
   * list of {@code [piece, score]} for Unigram) and the added tokens, and collects the texts of
   * special added tokens.
   */
  private static void readVocabulary(JsonNode tree, String source, Map<String, Integer> ids,
      List<String> specials) {
    JsonNode vocab = tree.path("model").path("vocab");
    if (vocab.isObject()) {
      for (Map.Entry<String, JsonNode> e : vocab.properties()) {
        ids.put(e.getKey(), e.getValue().asInt());
      }
    } else if (vocab.isArray()) {
      for (int i = 0; i < vocab.size(); i++) {
        ids.put(vocab.get(i).path(0).asText(), i);
      }
    } else {
      throw new IllegalArgumentException(source + ": model.vocab is missing");
    }
    for (JsonNode t : tree.path("added_tokens")) {
      String content = t.path("content").asText();
      ids.put(content, t.path("id").asInt());
      if (t.path("special").asBoolean()) {
        specials.add(content);
      }
    }
  }

  /** A token in {@code tokenizer_config.json}: a string, a {@code {"content": ...}}, or null. */
  static String configToken(JsonNode config, String key) {
    JsonNode v = config.path(key);
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isObject() && v.path("content").isTextual()) {
      return v.path("content").textValue();
    }
    return null;
  }

  private static int idOf(Map<String, Integer> ids, String token, String from, String source) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new IllegalArgumentException("token '" + token + "' (from " + from
          + ") is not in the vocabulary of " + source);
    }
    return id;
  }

  @Override
  public String kind() {
    return "huggingface";
  }

  @Override
  public int[] encode(String text) {
    long[] longs = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[longs.length];
    for (int i = 0; i < longs.length; i++) {
      out[i] = Math.toIntExact(longs[i]);
    }
    return out;
  }

  /**
   * Decodes with the tokenizer's decoder.
   *
   * @throws IllegalArgumentException for an id outside {@code [0, vocabSize())}
   */
  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw new IllegalArgumentException("token id " + ids[i] + " at position " + i
            + " is outside the vocabulary [0, " + vocabSize + ")");
      }
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, skipSpecialTokens);
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public int padId() {
    return padId;
  }

  @Override
  public int eosId() {
    return eosId;
  }

  @Override
  public int[] stopIds() {
    return stopIds.clone();
  }

  @Override
  public OptionalInt tokenId(String token) {
    Integer id = ids.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /**
   * Writes the {@code tokenizer.json} it was loaded from, byte for byte, its
   * {@code tokenizer_config.json} (with the eos/pad overrides applied, if any were given) and
   * its {@code chat_template.jinja} when it had one, so a saved model keeps its chat template.
   */
  @Override
  public void save(ModelFiles files) throws IOException {
    files.write(Tokenizers.TOKENIZER_JSON, tokenizerJson);
    if (tokenizerConfig != null) {
      files.write(Tokenizers.TOKENIZER_CONFIG, tokenizerConfig);
    }
    if (chatTemplate != null) {
      files.write(ChatTemplateSource.JINJA_FILE, chatTemplate);
    }
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "HuggingFaceTokenizer[" + vocabSize + " ids, eos " + eosId + ", pad " + padId + "]";
  }
}
