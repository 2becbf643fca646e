package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.orchestrator.config.CheckpointSettings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Saves by steps, by wall-clock minutes on a driven clock, and at a termination signal. */
class CheckpointScheduleTest {
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  @Test
  void everyMinutesSavesOnceThePeriodHasPassedSinceTheLastSave() {
    AtomicLong now = new AtomicLong(1_000);
    // every 30 minutes, no step period, 100 steps
    CheckpointSchedule schedule = new CheckpointSchedule(
        new CheckpointSettings(0, 3, 30, true, 120), now::get);
    now.addAndGet(30 * MINUTE - 1);
    assertThat(schedule.due(0, 100, false)).as("1 ns short of 30 min").isFalse();
    now.addAndGet(1);
    assertThat(schedule.due(1, 100, false)).as("30 min since the start").isTrue();
    now.addAndGet(29 * MINUTE);
    assertThat(schedule.due(2, 100, false)).as("29 min since the save of step 1").isFalse();
    now.addAndGet(MINUTE);
    assertThat(schedule.due(3, 100, false)).as("30 min since the save of step 1").isTrue();
    assertThat(schedule.due(4, 100, true)).as("a termination signal saves at once").isTrue();
    assertThat(schedule.due(99, 100, false)).as("the last step").isTrue();
  }

  @Test
  void stepsAndMinutesCombineAndZeroMinutesIsOff() {
    AtomicLong now = new AtomicLong();
    CheckpointSchedule off = new CheckpointSchedule(new CheckpointSettings(10, 3, 0, true, 120),
        now::get);
    now.addAndGet(Duration.ofDays(30).toNanos());
    assertThat(off.due(3, 100, false)).as("step 4, 30 days, minutes off").isFalse();
    assertThat(off.due(9, 100, false)).as("step 10 of every 10").isTrue();
    CheckpointSettings both = new CheckpointSettings(10, 3, 5, true, 120);
    assertThat(both.due(3, 100, Duration.ofMinutes(5))).as("5 of every 5 minutes").isTrue();
    assertThat(both.due(3, 100, Duration.ofMinutes(4))).isFalse();
    assertThat(both.due(19, 100, Duration.ZERO)).as("step 20 of every 10").isTrue();
  }
}
