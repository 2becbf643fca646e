package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;

/**
 * The {@code ngrpo.run} section.
 *
 * @param name run name
 * @param output folder (path or Hadoop URI) of metrics, checkpoints and the report
 * @param seed the run's seed
 * @param steps training steps
 * @param batchSize B, prompts trained on per step
 * @param maxExtraRounds refill rounds when the filter drops groups
 * @param lockStaleMinutes minutes after which an output folder's lock that was not renewed
 *     may be taken over
 */
public record RunSettings(String name, String output, long seed, int steps, int batchSize,
    int maxExtraRounds, int lockStaleMinutes) {
  /** Reads and validates {@code ngrpo.run}. */
  public static RunSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.run");
    return new RunSettings(s.nonBlank("name"), s.nonBlank("output"), s.longValue("seed"),
        s.intIn("steps", 0, 10_000_000), s.intIn("batch-size", 1, 1 << 20),
        s.intIn("max-extra-rounds", 0, 1000), s.intIn("lock-stale-minutes", 1, 100_000));
  }
}
