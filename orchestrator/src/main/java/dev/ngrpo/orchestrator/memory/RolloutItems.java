package dev.ngrpo.orchestrator.memory;

import dev.ngrpo.core.memory.DecoderMemory;
import dev.ngrpo.core.memory.LmHeadMemory;
import dev.ngrpo.core.memory.ModelWeights;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.util.List;

/**
 * What rollout tasks hold while they generate: each task a batch of {@code rows =
 * min(max-batch-size, B * G)} responses with its KV cache over the longest prompt plus
 * max-new-tokens, one forward pass at a time (the prefill over the prompts is the largest; a
 * decode step feeds one column) and the next token's logits; the log-probs of each step come to
 * the heap, where each row samples.
 */
final class RolloutItems {
  private RolloutItems() {}

  /** Responses one task generates together. */
  static int rows(RunConfig config) {
    long all = (long) config.run().batchSize() * config.rollout().groupSize();
    return (int) Math.min(config.rollout().maxBatchSize(), all);
  }

  /**
   * The items of {@code tasks} tasks generating at once: the tensors on {@code device}, the
   * host copies on the heap ({@code hostTasks} of them: every task of the process).
   */
  static List<MemoryItem> tasks(RunConfig config, ModelConfig c, int prompt, int response,
      int tasks, Place device, int hostTasks) {
    int rows = rows(config);
    long capacity = (long) prompt + response;
    boolean scaled = config.rollout().temperature() != 1f;
    long prefill = DecoderMemory.forward(c, rows, prompt, prompt, true)
        + DecoderMemory.causalMask(rows, prompt);
    long decode = DecoderMemory.forward(c, rows, 1, capacity, true);
    String each = tasks == 1 ? "" : String.format(", x %d tasks", tasks);
    String hostEach = hostTasks == 1 ? "" : String.format(", x %d tasks", hostTasks);
    long f32 = ModelWeights.F32;
    return List.of(
        new MemoryItem(String.format("KV cache: %d rows x %d positions%s", rows, capacity, each),
            f32 * tasks * DecoderMemory.kvCache(c, rows, capacity), device, Knobs.ROLLOUT_ROWS),
        new MemoryItem(String.format("forward pass over the prompts: %d rows x %d tokens%s",
            rows, prompt, each), f32 * tasks * Math.max(prefill, decode), device,
            Knobs.ROLLOUT_ROWS),
        new MemoryItem(String.format("next-token logits: %d rows x %,d%s", rows, c.vocabSize(),
            each), f32 * tasks * LmHeadMemory.forward(c, rows, 1, scaled, false), device,
            Knobs.ROLLOUT_ROWS),
        new MemoryItem(String.format("next-token log-probs and sampled tokens on the heap%s",
            hostEach), hostTasks * ((long) rows * c.vocabSize() * f32 + rows * response * 8L),
            Place.HEAP, Knobs.ROLLOUT_ROWS));
  }
}
