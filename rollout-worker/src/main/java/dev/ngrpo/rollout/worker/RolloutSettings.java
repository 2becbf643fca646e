package dev.ngrpo.rollout.worker;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;
import dev.ngrpo.core.generate.SamplingSettings;
import java.io.Serializable;

/**
 * The {@code ngrpo.rollout} section: how each prompt's group of responses is sampled, and how
 * many rows a forward pass carries.
 *
 * @param groupSize G, responses per prompt
 * @param temperature sampling temperature; {@link #from} refuses 0 (greedy) for training, while
 *     evaluation builds its own settings and may sample greedily
 * @param topP nucleus cut, 1 = off
 * @param topK top-k cut, 0 = off
 * @param maxNewTokens response length limit
 * @param maxBatchSize responses generated together in one batch (rows of a forward pass)
 * @param torchThreads intra-op threads of the executor's PyTorch, 0 = the engine's default
 */
public record RolloutSettings(int groupSize, float temperature, float topP, int topK,
    int maxNewTokens, int maxBatchSize, int torchThreads) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Reads and validates {@code ngrpo.rollout}. */
  public static RolloutSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.rollout");
    double topP = s.doubleIn("top-p", 0, 1);
    if (topP == 0) {
      throw s.bad("top-p", "must be in (0, 1], got 0");
    }
    double temperature = s.doubleIn("temperature", 0, 100);
    if (temperature == 0) {
      throw s.bad("temperature", "must be in (0, 100] for training rollouts, got 0: greedy"
          + " decoding gives every response of a group the same tokens, so no group has a"
          + " reward spread to learn from (greedy evaluation is ngrpo.eval.temperature = 0)");
    }
    return new RolloutSettings(s.intIn("group-size", 1, 4096),
        (float) temperature, (float) topP, s.nonNegativeInt("top-k"),
        s.intIn("max-new-tokens", 1, 1 << 20), s.intIn("max-batch-size", 1, 1 << 16),
        s.intIn("torch-threads", 0, 1024));
  }

  /** Sampling settings stopping at {@code stopIds}. */
  public SamplingSettings sampling(int[] stopIds) {
    return new SamplingSettings(temperature, topP, topK, maxNewTokens, stopIds);
  }
}
