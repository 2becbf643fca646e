package dev.ngrpo.core.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Low-rank adapters (LoRA, Hu et al. 2021) on the decoder's projections: each adapted linear
 * {@code W (out, in)} computes {@code y = W x + (alpha / r) B A x} with {@code A (r, in)} and
 * {@code B (out, r)}; only A and B train, W stays frozen. {@code rank = 0} is off.
 *
 * @param rank r, 0 = off
 * @param alpha the scale's numerator: the update is scaled by {@code alpha / r}, as PEFT's
 *     {@code lora_alpha}
 * @param targetModules projection names among {@link #MODULES}, as PEFT's {@code target_modules}
 * @param dropout p in {@code [0, 1)}, as PEFT's {@code lora_dropout}: the learner's training
 *     forward drops each element of an adapter's input with probability p ({@link
 *     AdapterDropout}); every other pass, and the merged weights, ignore it
 */
public record LoraSettings(int rank, double alpha, List<String> targetModules, double dropout)
    implements Serializable {
  /** The projections of a Llama/Qwen2 block that can carry adapters ({@link Projection}). */
  public static final List<String> MODULES = List.copyOf(Projection.names());

  /** No adapters. */
  public static final LoraSettings OFF = new LoraSettings(0, 1, List.of());

  public LoraSettings {
    targetModules = List.copyOf(targetModules);
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
    }
    if (rank < 0) {
      throw new IllegalArgumentException("LoRA rank must be at least 0, got " + rank);
    }
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("LoRA alpha must be positive, got " + alpha);
    }
    for (String m : targetModules) {
      if (!MODULES.contains(m)) {
        throw new IllegalArgumentException("unknown LoRA target module '" + m + "'; known: "
            + String.join(", ", MODULES));
      }
    }
    if (rank > 0 && targetModules.isEmpty()) {
      throw new IllegalArgumentException("LoRA rank " + rank + " needs at least one target"
          + " module among " + String.join(", ", MODULES));
    }
  }

  /** Adapters without dropout (PEFT's default {@code lora_dropout = 0}). */
  public LoraSettings(int rank, double alpha, List<String> targetModules) {
    this(rank, alpha, targetModules, 0);
  }

  /** True when adapters are on. */
  public boolean enabled() {
    return rank > 0;
  }

  /** {@code alpha / r}, the factor of {@code B A x}. */
  public double scale() {
    return alpha / rank;
  }

  /**
   * The adapted projections of {@code config}'s decoder, by the name prefix of their weight
   * ({@code model.layers.3.self_attn.q_proj}), layer by layer in {@link #MODULES} order.
   */
  public List<String> projections(ModelConfig config) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      for (Projection p : Projection.values()) {
        if (targetModules.contains(p.hfName())) {
          out.add(p.prefix(i));
        }
      }
    }
    return out;
  }
}
