package dev.ngrpo.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtherCpuTest {
  @Test
  void othersAreTheMachinesBusyTimeLessThisJvmsOverTheWallTime() {
    OtherCpu.Reading before = new OtherCpu.Reading(10, 2, 0);
    // the machine was busy 3 s in 2 s of wall time, 1 s of it this JVM's: 2 / 2 = 1 core
    assertThat(before.othersCoresUntil(new OtherCpu.Reading(13, 3, 2_000_000_000L)))
        .isEqualTo(1.0);
    // tick rounding can make this JVM's CPU exceed the machine's: no negative cores
    assertThat(before.othersCoresUntil(new OtherCpu.Reading(11, 3.5, 1_000_000_000L)))
        .isZero();
  }

  @Test
  void theMachinesBusyTimeSinceBootHoldsThisJvmsCpu() {
    OtherCpu.Reading now = OtherCpu.now();
    // a tick (0.01 s) of rounding on each side; NaN (an unread /proc/stat) fails too
    assertThat(now.machineSeconds()).isGreaterThanOrEqualTo(now.ownSeconds() - 0.02);
  }
}
