package dev.ngrpo.lab.bench;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time of this JVM and of the executor JVMs it started, from the operating system's
 * accounts (user + system, every thread: tasks, Spark's network threads, the garbage collector
 * and the JIT compilers), as {@link ProcessHandle.Info#totalCpuDuration} gives it: on Linux,
 * {@code /proc/<pid>/stat}, in clock ticks of 10 ms.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /**
   * CPU seconds used so far by this JVM and its descendant Java processes together; a process
   * whose account cannot be read counts 0. The difference of two readings is the CPU the
   * processes used between them, less whatever a process that ended in between had used.
   */
  static double familySeconds() {
    return Stream.concat(Stream.of(ProcessHandle.current()), ProcessMemory.childJvms())
        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
        .sum() / 1e9;
  }
}
