package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;

/**
 * The {@code ngrpo.log} section: what a run writes beside its metrics.
 *
 * @param samplesEvery steps between two steps whose sample generations go to
 *     {@code samples.jsonl}, 0 = none
 * @param samplesGroups groups written per sampled step: the step's first ones, in prompt order
 */
public record LogSettings(int samplesEvery, int samplesGroups) {
  /** Reads and validates {@code ngrpo.log}. */
  public static LogSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.log");
    return new LogSettings(s.intIn("samples-every", 0, 1_000_000),
        s.intIn("samples-groups", 1, 1024));
  }

  /**
   * True when the groups of this step (0-based) are sampled: steps 0, every, 2 every, ...
   * Step 0 is one of them so that a short run, or one stopped early, still shows what the
   * starting policy wrote; the schedule counts from 0, not from a resume, so a resumed run
   * samples the steps an uninterrupted one would.
   */
  public boolean samplesDue(long step) {
    return samplesEvery > 0 && step % samplesEvery == 0;
  }
}
