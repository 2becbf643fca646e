package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;
import java.time.Duration;

/**
 * The {@code ngrpo.checkpoint} section.
 *
 * @param every checkpoint period in steps, 0 = only after the last step
 * @param keepLast complete checkpoints kept
 * @param everyMinutes checkpoint period in wall-clock minutes since the last one, alongside
 *     {@code every}; 0 = off
 * @param onTerminate whether a termination signal stops the run at the end of its step with a
 *     checkpoint (else the driver dies where it is, and resumes from the last periodic one)
 * @param terminateWaitSeconds how long a termination signal waits for the step and its
 *     checkpoint before the driver shuts down anyway
 */
public record CheckpointSettings(int every, int keepLast, int everyMinutes, boolean onTerminate,
    int terminateWaitSeconds) {
  /** Reads and validates the section. */
  public static CheckpointSettings from(Config root) {
    Settings c = Settings.of(root, "ngrpo.checkpoint");
    return new CheckpointSettings(c.nonNegativeInt("every"), c.intIn("keep-last", 1, 10_000),
        c.intIn("every-minutes", 0, 525_600), c.bool("on-terminate"),
        c.intIn("terminate-wait-seconds", 1, 86_400));
  }

  /**
   * True when this step (0-based) ends with a checkpoint: the last step, every {@code every}
   * steps, and once {@code everyMinutes} have passed since the last checkpoint (or the start).
   * The caller measures {@code sinceLast}, so the rule itself reads no clock.
   */
  public boolean due(long step, int steps, Duration sinceLast) {
    return step + 1 == steps || every > 0 && (step + 1) % every == 0
        || everyMinutes > 0 && sinceLast.compareTo(Duration.ofMinutes(everyMinutes)) >= 0;
  }
}
