package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;
import java.util.List;

/**
 * The {@code ngrpo.eval} section.
 *
 * @param every evaluation period in steps, 0 = before and after training only
 * @param path held-out file, or "" for the built-in task's test split
 * @param size prompts evaluated, 0 = all
 * @param samples samples per prompt (n)
 * @param temperature sampling temperature, 0 = greedy
 * @param topP nucleus cut
 * @param passK k values of pass@k
 */
public record EvalSettings(int every, String path, int size, int samples, float temperature,
    float topP, List<Integer> passK) {
  /** Reads and validates {@code ngrpo.eval}. */
  public static EvalSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.eval");
    List<Integer> passK = s.config().getIntList("pass-k");
    int samples = s.intIn("samples", 1, 4096);
    for (int k : passK) {
      if (k < 1 || k > samples) {
        throw s.bad("pass-k", "each k must be in [1, samples = " + samples + "], got " + k);
      }
    }
    double topP = s.doubleIn("top-p", 0, 1);
    if (topP == 0) {
      throw s.bad("top-p", "must be in (0, 1], got 0");
    }
    return new EvalSettings(s.nonNegativeInt("every"), s.string("path").trim(),
        s.nonNegativeInt("size"), samples, (float) s.doubleIn("temperature", 0, 100),
        (float) topP, List.copyOf(passK));
  }

  /** True when an evaluation follows this step (0-based). */
  public boolean due(long step, int steps) {
    return step + 1 == steps || every > 0 && (step + 1) % every == 0;
  }
}
