package dev.ngrpo.orchestrator.memory;

import dev.ngrpo.core.memory.DecoderMemory;
import dev.ngrpo.core.memory.LmHeadMemory;
import dev.ngrpo.core.memory.ModelWeights;
import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.Projection;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What the learner holds on its device at its peak: the weights and their training state, and
 * one forward and backward pass, of the RL micro-batch or, when it is larger, of a warm-start
 * batch ({@code ngrpo.sft}), which runs before RL in the same process.
 *
 * <p>A micro-batch has {@code micro-batch-size} rows, or a whole mini-batch's
 * {@code ceil(B / mini-batches) * G} when that is 0, each of the longest prompt plus the
 * longest response; the RL forward also computes per-token entropies (two more tensors over
 * the vocabulary) and, with LoRA dropout, a mask and a dropped copy of each adapted
 * projection's input. The old and reference log-probs are recomputed beforehand, in chunks of
 * the same rows without gradients, so they never add to this peak.
 */
final class LearnerItems {
  /** Bytes per dropped input element: a boolean mask and a float32 copy, both kept. */
  static final int DROPOUT_BYTES = 1 + ModelWeights.F32;

  private LearnerItems() {}

  /**
   * One forward and backward pass, in float32 elements.
   *
   * @param label how the plan names its rows
   * @param rows B
   * @param prompt prompt tokens of a row
   * @param response response tokens of a row, the columns the head scores
   * @param forward the blocks' activations and the mask
   * @param head the LM head's tensors over the response columns
   * @param backward the larger of the head's and a block's activation gradients
   * @param dropped elements of adapted projections' inputs that LoRA dropout masks and copies
   *     ({@link DecoderMemory#adaptedInputs}; 0 without it), {@link #DROPOUT_BYTES} each
   * @param knob what makes it smaller
   */
  record Pass(String label, int rows, int prompt, int response, long forward, long head,
      long backward, long dropped, String knob) {
    long bytes() {
      return ModelWeights.F32 * (forward + head + backward) + DROPOUT_BYTES * dropped;
    }

    /**
     * @param dropping the projections whose inputs LoRA dropout drops; empty without it
     */
    static Pass of(String label, ModelConfig c, int rows, int prompt, int response,
        boolean scaled, boolean entropy, List<Projection> dropping, String knob) {
      int t = prompt + response;
      return new Pass(label, rows, prompt, response,
          DecoderMemory.forward(c, rows, t, t, false) + DecoderMemory.causalMask(rows, t),
          LmHeadMemory.forward(c, rows, response, scaled, entropy),
          Math.max(DecoderMemory.backwardPeak(c, rows, t),
              LmHeadMemory.backwardPeak(c, rows, response, entropy)),
          DecoderMemory.adaptedInputs(c, dropping, rows, t), knob);
    }
  }

  /** The RL micro-batch's rows: the configured size, or a whole mini-batch when 0. */
  static int microBatchRows(RunConfig config) {
    LearnerConfig l = config.learner();
    int groups = (config.run().batchSize() + l.miniBatches() - 1) / l.miniBatches();
    int miniRows = groups * config.rollout().groupSize();
    return l.microBatchSize() > 0 ? Math.min(l.microBatchSize(), miniRows) : miniRows;
  }

  /** The larger of the RL micro-batch's pass and the warm start's. */
  static Pass largestPass(RunConfig config, ModelConfig c, int prompt, int response) {
    LoraSettings lora = config.model().lora();
    List<Projection> dropping = lora.enabled() && lora.dropout() > 0
        ? lora.targetModules().stream().map(Projection::named).toList() : List.of();
    Pass rl = Pass.of("micro-batch", c, microBatchRows(config), prompt, response,
        config.rollout().temperature() != 1f, true, dropping, Knobs.LEARNER_ROWS);
    if (config.sft().steps() == 0) {
      return rl;
    }
    // the warm start scores reference answers at temperature 1, without entropies, on the
    // model before its adapters (no dropout); an answer is taken to be as long as a response
    Pass sft = Pass.of("warm-start batch", c, config.sft().batchSize(), prompt, response, false,
        false, List.of(), Knobs.WARM_START_ROWS);
    return sft.bytes() > rl.bytes() ? sft : rl;
  }

  /** The learner's items on {@code device}, and on the heap what only the learner keeps there. */
  static List<MemoryItem> of(RunConfig config, ModelWeights w, Pass pass, Place device) {
    ModelConfig c = w.config();
    List<MemoryItem> items = new ArrayList<>();
    if (w.frozen() > 0) {
      items.add(new MemoryItem(String.format("frozen weights: %,d parameters x %d B",
          w.frozen(), w.frozenBytesPerParameter()), w.frozenBytes(), device, Knobs.MODEL));
    }
    items.add(new MemoryItem(String.format("trained weights: %,d parameters x 4 B (%s)",
        w.trained(), w.trainable().describe()), w.trainedBytes(), device, Knobs.TRAINED));
    items.add(new MemoryItem("gradients of the trained weights", w.gradientBytes(), device,
        Knobs.TRAINED));
    items.add(new MemoryItem("AdamW m and v, and the update's temporaries",
        w.adamBytes() + optimizerTemporaries(w, device), device, Knobs.TRAINED));
    String shape = String.format("%d rows x %d tokens (%s)", pass.rows(),
        pass.prompt() + pass.response(), pass.label());
    items.add(new MemoryItem("activations of the forward pass: " + shape,
        ModelWeights.F32 * pass.forward(), device, pass.knob()));
    items.add(new MemoryItem(String.format("logits over the vocabulary (%,d): %d rows x %d"
        + " response tokens", c.vocabSize(), pass.rows(), pass.response()),
        ModelWeights.F32 * pass.head(), device, pass.knob()));
    items.add(new MemoryItem("gradients of the backward pass, the head's or a block's",
        ModelWeights.F32 * pass.backward(), device, pass.knob()));
    if (pass.dropped() > 0) {
      items.add(new MemoryItem(String.format("LoRA dropout: a mask (1 B) and a dropped copy"
          + " (4 B) of %,d adapter input values", pass.dropped()),
          DROPOUT_BYTES * pass.dropped(), device, Knobs.LORA_DROPOUT));
    }
    items.addAll(criticItems(config, w, device));
    // with LoRA the reference is the frozen model itself, with the adapters off: no copy
    if (config.learner().usesReferenceModel() && !config.model().lora().enabled()) {
      int matrixBytes = MemoryPlanner.matrixBytes(config, device == Place.GPU);
      items.add(new MemoryItem("reference policy of the KL penalty, "
          + (matrixBytes == 2 ? "float16 matrices" : "float32"),
          w.forwardCopyBytes(matrixBytes), device, Knobs.REFERENCE));
      items.add(new MemoryItem("reference weights kept for checkpoints", w.referenceBytes(),
          Place.HEAP, Knobs.REFERENCE));
    }
    return items;
  }

  /**
   * PPO's critic ({@code ngrpo.critic}), on the policy's shape: with LoRA, adapters of its own
   * (the policy's count) over the policy's frozen model; else a copy of the policy's weights,
   * all trained but an untied LM head, which no value reads. Either way a value head
   * ({@code H + 1} parameters) with its gradients and moments. Its forward and backward run
   * after the policy's, without the vocabulary's tensors, so they add no peak of their own.
   */
  static List<MemoryItem> criticItems(RunConfig config, ModelWeights w, Place device) {
    if (!config.learner().usesCritic()) {
      return List.of();
    }
    ModelConfig c = w.config();
    long head = 4L * ModelWeights.F32 * (c.hiddenSize() + 1); // weights, gradients, m and v
    long training = w.trainedBytes() + w.gradientBytes() + w.adamBytes();
    if (config.model().lora().enabled()) {
      return List.of(new MemoryItem("PPO critic: its own LoRA adapters and a value head, their"
          + " gradients and AdamW m and v", training + head, device, Knobs.CRITIC));
    }
    long lmHead = c.tieWordEmbeddings() ? 0 : (long) c.vocabSize() * c.hiddenSize();
    return List.of(
        new MemoryItem("PPO critic: a copy of the policy's weights and a value head",
            w.trainedBytes() + ModelWeights.F32 * (c.hiddenSize() + 1), device, Knobs.CRITIC),
        new MemoryItem("PPO critic: gradients and AdamW m and v (not of its LM head)",
            w.gradientBytes() + w.adamBytes() - 3L * ModelWeights.F32 * lmHead
                + 3L * ModelWeights.F32 * (c.hiddenSize() + 1), device, Knobs.CRITIC));
  }

  /**
   * Bytes of the temporaries of an optimizer update, which runs after the pass: AdamW's four
   * ({@code g (1 - beta1)}, {@code g^2}, {@code sqrt(v)}, {@code m / denominator}) over a whole
   * tensor on a GPU, over slices of {@link AdamW#CPU_CHUNK_ELEMENTS} on the CPU, or the one
   * squared gradient the norm clipping holds, whichever is larger.
   */
  static long optimizerTemporaries(ModelWeights w, Place device) {
    long largest = w.trainable().largestTrained(w.config());
    long slice = device == Place.GPU ? largest : Math.min(largest, AdamW.CPU_CHUNK_ELEMENTS);
    return ModelWeights.F32 * Math.max(largest, 4 * slice);
  }
}
