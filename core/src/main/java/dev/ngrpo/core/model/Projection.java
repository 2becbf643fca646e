package dev.ngrpo.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A weight matrix of every decoder block, by its Hugging Face name, with its {@code (out, in)}
 * shape as PyTorch stores it: the matrices a LoRA adapter can target ({@link LoraSettings}), and
 * the ones the memory plan counts. With H hidden, I
 * intermediate, {@code Hq = heads * head_dim}, {@code Hkv = kv_heads * head_dim}:
 *
 * <pre>
 *   q_proj (Hq, H)   k_proj (Hkv, H)   v_proj (Hkv, H)   o_proj (H, Hq)
 *   gate_proj (I, H)   up_proj (I, H)   down_proj (H, I)
 * </pre>
 */
public enum Projection {
  Q_PROJ("q_proj"),
  K_PROJ("k_proj"),
  V_PROJ("v_proj"),
  O_PROJ("o_proj"),
  GATE_PROJ("gate_proj"),
  UP_PROJ("up_proj"),
  DOWN_PROJ("down_proj");

  private final String hfName;

  Projection(String hfName) {
    this.hfName = hfName;
  }

  /** The Hugging Face (and PEFT {@code target_modules}) name, e.g. {@code q_proj}. */
  public String hfName() {
    return hfName;
  }

  /** Rows of the weight: the projection's output width. */
  public long out(ModelConfig c) {
    return switch (this) {
      case Q_PROJ -> queryWidth(c);
      case K_PROJ, V_PROJ -> keyValueWidth(c);
      case O_PROJ, DOWN_PROJ -> c.hiddenSize();
      case GATE_PROJ, UP_PROJ -> c.intermediateSize();
    };
  }

  /** Columns of the weight: the projection's input width. */
  public long in(ModelConfig c) {
    return switch (this) {
      case Q_PROJ, K_PROJ, V_PROJ, GATE_PROJ, UP_PROJ -> c.hiddenSize();
      case O_PROJ -> queryWidth(c);
      case DOWN_PROJ -> c.intermediateSize();
    };
  }

  /**
   * The projection named {@code name}.
   *
   * @throws IllegalArgumentException naming the value and the known names
   */
  public static Projection named(String name) {
    return Arrays.stream(values()).filter(p -> p.hfName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown projection '" + name
            + "': the projections are " + names()));
  }

  /** Every name, in block order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Projection::hfName).collect(Collectors.toList());
  }

  /**
   * The name prefix of this projection's weight in layer {@code layer}, e.g. {@code
   * model.layers.3.self_attn.q_proj} or {@code model.layers.3.mlp.down_proj}.
   */
  public String prefix(int layer) {
    boolean mlp = this == GATE_PROJ || this == UP_PROJ || this == DOWN_PROJ;
    return LlamaArchitecture.layer(layer) + (mlp ? "mlp." : "self_attn.") + hfName;
  }

  /** {@code heads * head_dim}: the query projection's width. */
  public static long queryWidth(ModelConfig c) {
    return (long) c.numAttentionHeads() * c.headDim();
  }

  /** {@code kv_heads * head_dim}: the key and value projections' width. */
  public static long keyValueWidth(ModelConfig c) {
    return (long) c.numKeyValueHeads() * c.headDim();
  }
}
