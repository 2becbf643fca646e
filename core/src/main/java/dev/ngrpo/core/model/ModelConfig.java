package dev.ngrpo.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Hyperparameters of a Llama/Qwen2-style decoder, named and stored exactly as the fields of a
 * Hugging Face {@code config.json}, so a model trained here opens in {@code transformers} and a
 * Qwen2/Llama checkpoint opens here.
 *
 * <p>Derived sizes: {@code headDim = hiddenSize / numAttentionHeads} unless {@code head_dim} is
 * given; grouped-query attention shares each of the {@code numKeyValueHeads} key/value heads
 * between {@code numAttentionHeads / numKeyValueHeads} query heads.
 *
 * @param modelType the decoder family, a name in {@link Architectures} ({@code llama},
 *     {@code qwen2})
 * @param vocabSize V, rows of the token embedding and of the LM head
 * @param hiddenSize H, width of the residual stream
 * @param intermediateSize I, width of the SwiGLU MLP
 * @param numHiddenLayers N, decoder blocks
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads key/value heads (divides {@code numAttentionHeads})
 * @param headDim width of one head
 * @param rmsNormEps epsilon inside every RMSNorm
 * @param ropeTheta base of the rotary position embedding frequencies
 * @param maxPositionEmbeddings longest sequence (prompt + response) the model accepts
 * @param tieWordEmbeddings LM head shares the embedding matrix ({@code lm_head.weight} absent)
 * @param attentionBias q/k/v projections carry a bias
 * @param bosTokenId beginning-of-sequence id, or -1
 * @param eosTokenId end-of-sequence id, or -1
 */
public record ModelConfig(
    String modelType,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    double rmsNormEps,
    double ropeTheta,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings,
    boolean attentionBias,
    int bosTokenId,
    int eosTokenId) {

  /**
   * Largest {@code vocab_size}: 2^22, sixteen times the largest published vocabularies (256k).
   * Like every bound here, it stops a corrupt or hostile {@code config.json} before anything is
   * allocated, where an overflowing size would surface as a negative array size or an index
   * error far from its cause.
   */
  public static final int MAX_VOCAB_SIZE = 1 << 22;
  /** Largest {@code hidden_size} and {@code intermediate_size}: 2^18 (published: 53,248). */
  public static final int MAX_WIDTH = 1 << 18;
  /** Largest {@code num_hidden_layers}: 2^10 (published: 126). */
  public static final int MAX_LAYERS = 1 << 10;
  /** Largest {@code num_attention_heads} and {@code num_key_value_heads}: 2^10 (published: 128). */
  public static final int MAX_HEADS = 1 << 10;
  /** Largest {@code head_dim}: 2^12 (published: 256). */
  public static final int MAX_HEAD_DIM = 1 << 12;
  /**
   * Largest {@code max_position_embeddings}: 2^24, sixteen times the longest published contexts
   * (1M). Rotary tables cover only the positions a call reaches, not this many
   * ({@code RotaryEmbedding}), so a large value costs nothing until sequences are that long.
   */
  public static final int MAX_POSITIONS = 1 << 24;
  /**
   * Most elements of one weight matrix: a tensor travels and is loaded as one Java array, whose
   * length is an int ({@code Integer.MAX_VALUE - 8}, the JVM's largest array).
   */
  public static final long MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE - 8L;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ModelConfig {
    architectureOf(modelType);
    bounded("vocab_size", vocabSize, MAX_VOCAB_SIZE);
    bounded("hidden_size", hiddenSize, MAX_WIDTH);
    bounded("intermediate_size", intermediateSize, MAX_WIDTH);
    bounded("num_hidden_layers", numHiddenLayers, MAX_LAYERS);
    bounded("num_attention_heads", numAttentionHeads, MAX_HEADS);
    bounded("num_key_value_heads", numKeyValueHeads, MAX_HEADS);
    bounded("head_dim", headDim, MAX_HEAD_DIM);
    bounded("max_position_embeddings", maxPositionEmbeddings, MAX_POSITIONS);
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw invalid("num_key_value_heads", numKeyValueHeads,
          "must divide num_attention_heads = " + numAttentionHeads);
    }
    if (headDim % 2 != 0) {
      throw invalid("head_dim", headDim, "must be even for rotary embeddings");
    }
    if (!(rmsNormEps > 0) || !Double.isFinite(rmsNormEps)) {
      throw invalid("rms_norm_eps", rmsNormEps, "must be a finite number > 0");
    }
    if (!(ropeTheta > 0) || !Double.isFinite(ropeTheta)) {
      throw invalid("rope_theta", ropeTheta, "must be a finite number > 0");
    }
    if (eosTokenId >= vocabSize || bosTokenId >= vocabSize) {
      throw invalid("eos_token_id", eosTokenId, "must be below vocab_size = " + vocabSize);
    }
    fitsOneTensor("vocab_size", vocabSize, (long) vocabSize * hiddenSize,
        "the embedding (vocab_size x hidden_size)");
    fitsOneTensor("intermediate_size", intermediateSize, (long) intermediateSize * hiddenSize,
        "each MLP weight (intermediate_size x hidden_size)");
    fitsOneTensor("num_attention_heads", numAttentionHeads,
        (long) numAttentionHeads * headDim * hiddenSize,
        "q_proj (num_attention_heads * head_dim x hidden_size)");
  }

  /**
   * A Llama-layout config whose head width is {@code hiddenSize / numAttentionHeads}, the
   * common case for models built from scratch here.
   */
  public static ModelConfig llama(int vocabSize, int hiddenSize, int intermediateSize,
      int layers, int heads, int kvHeads, int maxPositions, boolean tied) {
    if (heads <= 0 || hiddenSize % heads != 0) {
      throw invalid("num_attention_heads", heads, "must divide hidden_size = " + hiddenSize);
    }
    return new ModelConfig("llama", vocabSize, hiddenSize, intermediateSize, layers, heads,
        kvHeads, hiddenSize / heads, 1e-6, 10000.0, maxPositions, tied, false, -1, -1);
  }

  /** The decoder family of {@link #modelType}. */
  public Architecture architecture() {
    return Architectures.of(modelType);
  }

  /** Queries per key/value head. */
  public int groupsPerKvHead() {
    return numAttentionHeads / numKeyValueHeads;
  }

  /** The same model with another eos token id (set from the tokenizer). */
  public ModelConfig withEosTokenId(int eos) {
    return new ModelConfig(modelType, vocabSize, hiddenSize, intermediateSize, numHiddenLayers,
        numAttentionHeads, numKeyValueHeads, headDim, rmsNormEps, ropeTheta,
        maxPositionEmbeddings, tieWordEmbeddings, attentionBias, bosTokenId, eos);
  }

  public long parameterCount() {
    long h = hiddenSize;
    long q = (long) numAttentionHeads * headDim;
    long kv = (long) numKeyValueHeads * headDim;
    long attention = h * q + 2 * h * kv + q * h + (attentionBias ? q + 2 * kv : 0);
    long mlp = 3 * h * intermediateSize;
    long layer = attention + mlp + 2 * h;
    long embed = (long) vocabSize * h;
    return embed + numHiddenLayers * layer + h + (tieWordEmbeddings ? 0 : embed);
  }

  /**
   * Parses a Hugging Face {@code config.json}. Fails naming the field for a missing or invalid
   * value, and refuses features this decoder does not implement (rope scaling, sliding window)
   * rather than computing something else.
   */
  public static ModelConfig fromJson(String json, String source) {
    return ConfigJsonReader.read(json, source);
  }

  /** This config as a Hugging Face {@code config.json}. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("architectures").add(architecture().causalLmClass());
    n.put("model_type", modelType);
    n.put("vocab_size", vocabSize);
    n.put("hidden_size", hiddenSize);
    n.put("intermediate_size", intermediateSize);
    n.put("num_hidden_layers", numHiddenLayers);
    n.put("num_attention_heads", numAttentionHeads);
    n.put("num_key_value_heads", numKeyValueHeads);
    n.put("head_dim", headDim);
    n.put("hidden_act", "silu");
    n.put("rms_norm_eps", rmsNormEps);
    n.put("rope_theta", ropeTheta);
    n.put("max_position_embeddings", maxPositionEmbeddings);
    n.put("tie_word_embeddings", tieWordEmbeddings);
    n.put("attention_bias", attentionBias);
    if (bosTokenId >= 0) {
      n.put("bos_token_id", bosTokenId);
    }
    if (eosTokenId >= 0) {
      n.put("eos_token_id", eosTokenId);
    }
    n.put("torch_dtype", "float32");
    try {
      return JSON.writeValueAsString(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write config.json", e);
    }
  }

  /** {@link #toJson()} as UTF-8 bytes. */
  public byte[] toJsonBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  static Architecture architectureOf(String modelType) {
    if (!Architectures.contains(modelType)) {
      throw invalid("model_type", modelType,
          "must be one of " + String.join(", ", Architectures.names()));
    }
    return Architectures.of(modelType);
  }

  private static void bounded(String field, int value, int max) {
    if (value <= 0 || value > max) {
      throw invalid(field, value, "must be in [1, " + max + "]");
    }
  }

  /** Fails naming {@code field} when it makes {@code weight} too large for one array. */
  private static void fitsOneTensor(String field, int value, long elements, String weight) {
    if (elements > MAX_TENSOR_ELEMENTS) {
      throw invalid(field, value, "makes " + weight + " " + elements
          + " elements, more than one tensor may hold (" + MAX_TENSOR_ELEMENTS + ")");
    }
  }

  static IllegalArgumentException invalid(String field, Object value, String reason) {
    return new IllegalArgumentException(
        "config.json field " + field + " = " + value + " " + reason);
  }
}
