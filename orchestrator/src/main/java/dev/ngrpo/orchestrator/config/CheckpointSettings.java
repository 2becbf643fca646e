package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;

/**
 * The {@code ngrpo.checkpoint} section.
 *
 * @param every checkpoint period in steps, 0 = only after the last step
 * @param keepLast complete checkpoints kept
 */
public record CheckpointSettings(int every, int keepLast) {
  /** Reads and validates the section. */
  public static CheckpointSettings from(Config root) {
    Settings c = Settings.of(root, "ngrpo.checkpoint");
    return new CheckpointSettings(c.nonNegativeInt("every"), c.intIn("keep-last", 1, 10_000));
  }

  /** True when this step (0-based) ends with a checkpoint. */
  public boolean due(long step, int steps) {
    return step + 1 == steps || every > 0 && (step + 1) % every == 0;
  }
}
