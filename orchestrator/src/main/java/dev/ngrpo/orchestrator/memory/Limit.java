package dev.ngrpo.orchestrator.memory;

import java.util.Objects;

/**
 * What a process may hold in one place.
 *
 * @param bytes the limit
 * @param source where the figure comes from, e.g. {@code spark.executor.memoryOverhead unset:
 *     max(384 MiB, 10% of the heap)}
 * @param knob what raises it, e.g. {@code spark.executor.memoryOverhead}
 */
public record Limit(long bytes, String source, String knob) {
  public Limit {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(knob, "knob");
    if (bytes < 0) {
      throw new IllegalArgumentException(source + ": a limit must be >= 0 bytes, got " + bytes);
    }
  }
}
