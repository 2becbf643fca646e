package dev.ngrpo.core.memory;

import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.Projection;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which parameters the learner trains: every weight of the model (full fine-tuning), or LoRA
 * adapters beside frozen base weights. Trained parameters are float32 and carry a gradient and
 * AdamW's two moments; frozen ones carry neither, and may be stored narrower (F16: 2 bytes).
 *
 * <p>LoRA adapts a projection {@code W (out, in)} with {@code A (r, in)} and {@code B (out, r)},
 * {@code W x + (alpha / r) B A x}: each adapted projection of each block adds
 * {@code r * (in + out)} trained parameters, and the whole base model, embeddings and norms
 * included, is frozen (as PEFT does by default).
 */
public sealed interface TrainableParameters {
  /** Full fine-tuning: every parameter trained, none frozen. */
  static TrainableParameters all() {
    return new All();
  }

  /**
   * LoRA adapters of rank {@code rank} on {@code targets} of every block.
   *
   * @throws IllegalArgumentException for a rank below 1 or no target
   */
  static TrainableParameters lora(int rank, List<Projection> targets) {
    return new Lora(rank, targets);
  }

  /** Parameters with a gradient and AdamW moments. */
  long trained(ModelConfig c);

  /** Parameters without a gradient (the base model under LoRA; 0 when training all). */
  long frozen(ModelConfig c);

  /**
   * Elements of the largest trained tensor: the optimizer's temporaries are each this large
   * when a whole tensor is updated at once (on a GPU), and so is the one squared gradient the
   * norm clipping holds at a time.
   */
  long largestTrained(ModelConfig c);

  /** For the plan: {@code all parameters}, or {@code LoRA r=16 on q_proj,v_proj}. */
  String describe();

  /** Every parameter trained. */
  record All() implements TrainableParameters {
    @Override
    public long trained(ModelConfig c) {
      return c.parameterCount();
    }

    @Override
    public long frozen(ModelConfig c) {
      return 0;
    }

    @Override
    public long largestTrained(ModelConfig c) {
      return DecoderMemory.largestWeight(c);
    }

    @Override
    public String describe() {
      return "all parameters";
    }
  }

  /**
   * LoRA adapters.
   *
   * @param rank r, at least 1
   * @param targets the adapted projections of every block, at least one, no repeats
   */
  record Lora(int rank, List<Projection> targets) implements TrainableParameters {
    public Lora {
      if (rank < 1) {
        throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
      }
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("LoRA needs at least one target projection, of "
            + Projection.names());
      }
      if (EnumSet.copyOf(targets).size() != targets.size()) {
        throw new IllegalArgumentException("LoRA targets repeat a projection: " + targets);
      }
      targets = List.copyOf(targets);
    }

    /** {@code layers * sum over targets of r * (in + out)}. */
    @Override
    public long trained(ModelConfig c) {
      long perLayer = 0;
      for (Projection p : targets) {
        perLayer += (long) rank * (p.in(c) + p.out(c));
      }
      return c.numHiddenLayers() * perLayer;
    }

    @Override
    public long frozen(ModelConfig c) {
      return c.parameterCount();
    }

    /** The larger factor of the widest target: {@code r * max(in, out)}. */
    @Override
    public long largestTrained(ModelConfig c) {
      return targets.stream().mapToLong(p -> (long) rank * Math.max(p.in(c), p.out(c))).max()
          .orElseThrow();
    }

    @Override
    public String describe() {
      return "LoRA r=" + rank + " on "
          + targets.stream().map(Projection::hfName).collect(Collectors.joining(","));
    }
  }
}
