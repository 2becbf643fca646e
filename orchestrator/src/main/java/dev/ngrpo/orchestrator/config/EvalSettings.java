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
    return from(s, s);
  }

  /**
   * Reads an evaluation whose sampling keys ({@code samples}, {@code temperature},
   * {@code top-p}, {@code pass-k}) may live in another section than its held-out prompts
   * ({@code every}, {@code path}, {@code size}): the experiment's final evaluation samples as
   * {@code ngrpo.experiment.final-eval} says, on the prompts of {@code ngrpo.eval}. Failures
   * name the key in the section it was read from.
   *
   * @param sampling the section with the sampling keys
   * @param prompts the section with the held-out prompts
   */
  public static EvalSettings from(Settings sampling, Settings prompts) {
    int samples = sampling.intIn("samples", 1, 4096);
    List<Integer> passK = sampling.ints("pass-k", 1, Integer.MAX_VALUE);
    for (int k : passK) {
      if (k > samples) {
        throw sampling.bad("pass-k", "each k must be in [1, samples = " + samples + "], got "
            + k);
      }
    }
    double topP = sampling.doubleIn("top-p", 0, 1);
    if (topP == 0) {
      throw sampling.bad("top-p", "must be in (0, 1], got 0");
    }
    return new EvalSettings(prompts.nonNegativeInt("every"), prompts.string("path").trim(),
        prompts.nonNegativeInt("size"), samples,
        (float) sampling.doubleIn("temperature", 0, 100), (float) topP, passK);
  }

  /** True when an evaluation follows this step (0-based). */
  public boolean due(long step, int steps) {
    return step + 1 == steps || every > 0 && (step + 1) % every == 0;
  }
}
