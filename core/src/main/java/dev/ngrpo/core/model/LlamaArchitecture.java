package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Llama decoder: per block {@code x += Attn(RMSNorm(x))} with rotary positions,
 * grouped-query attention and optional q/k/v bias, {@code x += MLP(RMSNorm(x))} with
 * {@code MLP(h) = down(silu(gate(h)) * up(h))}; then a final RMSNorm and the LM head, tied to the
 * embedding when {@code tie_word_embeddings}. The forward pass is {@link Decoder}.
 *
 * <p>Parameters carry Hugging Face's names in a fixed order (embedding, then each layer, then
 * final norm and LM head); linear weights are {@code (out, in)} as in PyTorch.
 */
public class LlamaArchitecture implements Architecture {
  /** The token embedding, {@code (V, H)}. */
  public static final String EMBED = "model.embed_tokens.weight";
  /** The final RMSNorm weight, {@code (H)}. */
  public static final String FINAL_NORM = "model.norm.weight";
  /** The untied LM head, {@code (V, H)}. */
  public static final String LM_HEAD = "lm_head.weight";

  /** Prefix of layer {@code i}'s parameter names. */
  public static String layer(int i) {
    return "model.layers." + i + ".";
  }

  @Override
  public String causalLmClass() {
    return "LlamaForCausalLM";
  }

  @Override
  public boolean attentionBiasByDefault() {
    return false;
  }

  @Override
  public Map<String, long[]> parameterShapes(ModelConfig c) {
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

  @Override
  public boolean ignoredOnLoad(ModelConfig c, String tensorName) {
    return (c.tieWordEmbeddings() && tensorName.equals(LM_HEAD))
        || tensorName.endsWith(".rotary_emb.inv_freq");
  }

  @Override
  public InitialValue initialValue(String name) {
    if (name.endsWith("layernorm.weight") || name.equals(FINAL_NORM)) {
      return InitialValue.ONES;
    }
    return name.endsWith(".bias") ? InitialValue.ZEROS : InitialValue.NORMAL;
  }

  @Override
  public ForwardPass forward(ModelConfig config, Map<String, NDArray> parameters,
      Adapters adapters, NDManager manager) {
    return new Decoder(config, parameters, adapters, new RotaryEmbedding(manager, config));
  }
}
