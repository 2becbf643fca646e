package dev.ngrpo.orchestrator.train;

import dev.ngrpo.orchestrator.config.CheckpointSettings;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the loop saves: {@link CheckpointSettings#due} by steps and wall-clock minutes, and at a
 * termination signal. Owns the time of the last save; the clock is a parameter so tests can
 * drive it.
 */
final class CheckpointSchedule {
  private final CheckpointSettings settings;
  private final LongSupplier nanoClock;
  private long lastSave;

  /** A schedule whose time-based period starts now on {@code nanoClock}. */
  CheckpointSchedule(CheckpointSettings settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.lastSave = nanoClock.getAsLong();
  }

  /**
   * True when the checkpoint of {@code step} (0-based) is to be written now, the caller then
   * writing it: the time-based period restarts.
   */
  boolean due(long step, int steps, boolean terminating) {
    long now = nanoClock.getAsLong();
    boolean due = terminating || settings.due(step, steps, Duration.ofNanos(now - lastSave));
    if (due) {
      lastSave = now;
    }
    return due;
  }
}
