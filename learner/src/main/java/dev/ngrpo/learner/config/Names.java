package dev.ngrpo.learner.config;

import dev.ngrpo.core.config.Registry;
import dev.ngrpo.core.config.Settings;

/** Reads a configured name of a {@link Registry}, failing on the key that holds it. */
final class Names {
  private Names() {}

  /** The current spelling of the name at {@code key}; an old spelling warns. */
  static String read(Settings s, String key, Registry<?> registry) {
    String name = s.string(key);
    try {
      return registry.canonical(name);
    } catch (IllegalArgumentException e) {
      throw s.bad(key, e.getMessage());
    }
  }
}
