package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * One decoder family, a Hugging Face {@code model_type}: what its {@code config.json} leaves
 * implicit, the checkpoint names and shapes of its parameters, and its forward pass. A new family
 * is one class implementing this (or extending {@link LlamaArchitecture} where it differs only in
 * part) plus one line in {@link Architectures}.
 */
public interface Architecture {
  /** The {@code architectures} entry of {@code config.json}, e.g. {@code LlamaForCausalLM}. */
  String causalLmClass();

  /** The value of {@code attention_bias} when {@code config.json} leaves it out. */
  boolean attentionBiasByDefault();

  /** Every parameter under its checkpoint name with its shape, in load and save order. */
  Map<String, long[]> parameterShapes(ModelConfig config);

  /**
   * True for a tensor that published checkpoints of this family carry but the model does not
   * load (a copy of a tied head, precomputed rotary buffers).
   */
  boolean ignoredOnLoad(ModelConfig config, String tensorName);

  /** How a freshly built model fills the parameter {@code name}. */
  InitialValue initialValue(String name);

  /**
   * The forward pass over {@code parameters} (by checkpoint name; live arrays the pass must not
   * close) with {@code adapters} added to the projections they adapt ({@link Adapters#none()}
   * for the plain model). Constant tables the pass needs are created in {@code manager}, which
   * owns the parameters, so they live as long as the model.
   */
  ForwardPass forward(ModelConfig config, Map<String, NDArray> parameters, Adapters adapters,
      NDManager manager);

  /** Initial values, as in Hugging Face's {@code _init_weights}. */
  enum InitialValue {
    ONES,
    ZEROS,
    /** N(0, 0.02). */
    NORMAL
  }
}
