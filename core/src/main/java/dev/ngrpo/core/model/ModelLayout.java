package dev.ngrpo.core.model;

import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.TensorLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The parameters of a {@link ModelConfig}'s decoder under their Hugging Face names, with their
 * shapes, in a fixed order (embedding, then each layer, then final norm and LM head). Linear
 * weights are {@code (out, in)} as in PyTorch.
 */
public final class ModelLayout {
  /** Name of the token embedding, {@code (V, H)}. */
  public static final String EMBED = "model.embed_tokens.weight";
  /** Name of the final RMSNorm weight, {@code (H)}. */
  public static final String FINAL_NORM = "model.norm.weight";
  /** Name of the untied LM head, {@code (V, H)}. */
  public static final String LM_HEAD = "lm_head.weight";

  private ModelLayout() {}

  /** Prefix of layer {@code i}'s parameter names. */
  public static String layer(int i) {
    return "model.layers." + i + ".";
  }

  /** Every parameter name with its shape, in load/save order. */
  public static Map<String, long[]> shapes(ModelConfig c) {
    long h = c.hiddenSize();
    long q = (long) c.numAttentionHeads() * c.headDim();
    long kv = (long) c.numKeyValueHeads() * c.headDim();
    long inter = c.intermediateSize();
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put(EMBED, new long[] {c.vocabSize(), h});
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      String p = layer(i);
      m.put(p + "input_layernorm.weight", new long[] {h});
      m.put(p + "self_attn.q_proj.weight", new long[] {q, h});
      m.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
      m.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
      if (c.attentionBias()) {
        m.put(p + "self_attn.q_proj.bias", new long[] {q});
        m.put(p + "self_attn.k_proj.bias", new long[] {kv});
        m.put(p + "self_attn.v_proj.bias", new long[] {kv});
      }
      m.put(p + "self_attn.o_proj.weight", new long[] {h, q});
      m.put(p + "post_attention_layernorm.weight", new long[] {h});
      m.put(p + "mlp.gate_proj.weight", new long[] {inter, h});
      m.put(p + "mlp.up_proj.weight", new long[] {inter, h});
      m.put(p + "mlp.down_proj.weight", new long[] {h, inter});
    }
    m.put(FINAL_NORM, new long[] {h});
    if (!c.tieWordEmbeddings()) {
      m.put(LM_HEAD, new long[] {c.vocabSize(), h});
    }
    return m;
  }

  /**
   * Fails, naming each offender with its expected and found shape, unless {@code found} holds
   * exactly this config's tensors. Two harmless extras of published checkpoints are ignored: a
   * copy of {@code lm_head.weight} in a tied model, and rotary {@code inv_freq} buffers.
   *
   * @return {@code found} without those extras
   */
  public static Map<String, HostTensor> check(ModelConfig c, Map<String, HostTensor> found,
      String source) {
    return checkShapes(c, found, HostTensor::shape, source);
  }

  /** {@link #check} of any tensor kind whose shape {@code shapeOf} gives. */
  public static <T> Map<String, T> checkShapes(ModelConfig c, Map<String, T> found,
      Function<T, long[]> shapeOf, String source) {
    Map<String, T> kept = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    found.forEach((name, t) -> {
      boolean tiedCopy = c.tieWordEmbeddings() && name.equals(LM_HEAD);
      if (!tiedCopy && !name.endsWith(".rotary_emb.inv_freq")) {
        kept.put(name, t);
        shapes.put(name, shapeOf.apply(t));
      }
    });
    TensorLayout.of(shapes(c)).checkShapes(shapes, source);
    return kept;
  }

  /** How a freshly built model fills a parameter: RMSNorm weights 1, biases 0, else N(0, 0.02). */
  static Init initOf(String name) {
    if (name.endsWith("layernorm.weight") || name.equals(FINAL_NORM)) {
      return Init.ONES;
    }
    return name.endsWith(".bias") ? Init.ZEROS : Init.NORMAL;
  }

  /** Initial value kinds, as in Hugging Face's {@code _init_weights} with std 0.02. */
  enum Init {
    ONES,
    ZEROS,
    NORMAL
  }
}
