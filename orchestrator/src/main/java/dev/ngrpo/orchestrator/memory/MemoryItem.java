package dev.ngrpo.orchestrator.memory;

import java.util.Objects;

/**
 * One thing a process holds at its peak.
 *
 * @param name what it is, with the figures it is sized by
 * @param bytes its size
 * @param place where it lives
 * @param knob what makes it smaller, named by its key (shown when it does not fit)
 */
public record MemoryItem(String name, long bytes, Place place, String knob) {
  public MemoryItem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(knob, "knob");
    if (bytes < 0) {
      throw new IllegalArgumentException(name + ": bytes must be >= 0, got " + bytes);
    }
  }
}
