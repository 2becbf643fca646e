package dev.ngrpo.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Resident memory of processes from Linux {@code /proc/<pid>/status}: heap, native (libtorch
 * tensors) and code together. Empty where {@code /proc} is not there.
 */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Current resident set of {@code pid}, MiB ({@code VmRSS}). */
  public static OptionalLong residentMib(long pid) {
    return field(pid, "VmRSS:");
  }

  /** Peak resident set of {@code pid} since it started, MiB ({@code VmHWM}). */
  public static OptionalLong peakMib(long pid) {
    return field(pid, "VmHWM:");
  }

  /** Peak resident set of this JVM, MiB (0 without {@code /proc}). */
  public static long selfPeakMib() {
    return peakMib(ProcessHandle.current().pid()).orElse(0);
  }

  /**
   * Largest peak resident set among this JVM's descendant Java processes, MiB: the executor
   * JVMs of a {@code local-cluster} master, which its workers start as children of this JVM.
   * 0 when there are none.
   */
  public static long childJvmsPeakMib() {
    return childJvms().mapToLong(p -> peakMib(p.pid()).orElse(0)).max().orElse(0);
  }

  /**
   * This JVM's descendant Java processes: the executor JVMs of a {@code local-cluster}
   * master.
   */
  static Stream<ProcessHandle> childJvms() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false));
  }

  private static OptionalLong field(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(name)) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
