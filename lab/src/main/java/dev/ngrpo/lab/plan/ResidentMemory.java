package dev.ngrpo.lab.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory from Linux {@code /proc/self/status}, in bytes: now
 * ({@code VmRSS}) and at its peak ({@code VmHWM}), which writing {@code 5} to
 * {@code /proc/self/clear_refs} resets to the current figure, so a phase's peak can be read
 * without the peaks of the phases before it.
 */
public final class ResidentMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path MEMINFO = Path.of("/proc/meminfo");

  private ResidentMemory() {}

  /** Resident bytes now. */
  public static long current() {
    return field("VmRSS:");
  }

  /** Peak resident bytes since the process started or the last {@link #resetPeak}. */
  public static long peak() {
    return field("VmHWM:");
  }

  /** Sets the peak to the current resident memory. */
  public static void resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reset the peak resident memory", e);
    }
  }

  /**
   * Bytes the machine can give a process now without swapping ({@code MemAvailable} of
   * {@code /proc/meminfo}): what a probe may use on a machine others share.
   */
  static long available() {
    return field(MEMINFO, "MemAvailable:");
  }

  private static long field(String name) {
    return field(STATUS, name);
  }

  private static long field(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    throw new IllegalStateException(file + " has no " + name);
  }
}
