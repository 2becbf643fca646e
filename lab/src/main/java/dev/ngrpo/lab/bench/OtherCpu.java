package dev.ngrpo.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU other processes of the machine used while a benchmark ran, in cores: the machine's
 * busy time from Linux {@code /proc/stat} (user, nice, system, irq and softirq of the
 * {@code cpu} line, in clock ticks of 10 ms) less this JVM's own ({@link ProcessCpu}), over
 * the wall time between two readings. On a shared machine a timing is only as good as this
 * figure is small: with 2 cores, 1.0 means another process held a core throughout. NaN where
 * {@code /proc/stat} cannot be read.
 */
final class OtherCpu {
  /** Linux's {@code USER_HZ}: /proc/stat counts in hundredths of a second. */
  private static final double TICKS_PER_SECOND = 100;

  /** One reading: the machine's busy seconds, this JVM's CPU seconds, and when. */
  record Reading(double machineSeconds, double ownSeconds, long nanos) {
    /** Cores the other processes used on average from this reading to {@code later}. */
    double othersCoresUntil(Reading later) {
      double wall = (later.nanos - nanos) / 1e9;
      double others = (later.machineSeconds - machineSeconds)
          - (later.ownSeconds - ownSeconds);
      return Math.max(0, others) / wall;
    }
  }

  private OtherCpu() {}

  /** The counters now. */
  static Reading now() {
    return new Reading(machineBusySeconds(), ProcessCpu.familySeconds(), System.nanoTime());
  }

  private static double machineBusySeconds() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      // cpu  user nice system idle iowait irq softirq steal ...
      String[] f = lines.get(0).trim().split("\\s+");
      long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
          + Long.parseLong(f[6]) + Long.parseLong(f[7]);
      return busy / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
