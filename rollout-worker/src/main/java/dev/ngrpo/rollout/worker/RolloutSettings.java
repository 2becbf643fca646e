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
 * @param temperature sampling temperature (0 = greedy)
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
    return new RolloutSettings(s.intIn("group-size", 1, 4096),
        (float) s.doubleIn("temperature", 0, 100), (float) topP, s.nonNegativeInt("top-k"),
        s.intIn("max-new-tokens", 1, 1 << 20), s.intIn("max-batch-size", 1, 1 << 16),
        s.intIn("torch-threads", 0, 1024));
  }

  /** Sampling settings stopping at {@code stopIds}. */
  public SamplingSettings sampling(int[] stopIds) {
    return new SamplingSettings(temperature, topP, topK, maxNewTokens, stopIds);
  }
}
