package dev.ngrpo.learner.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import dev.ngrpo.core.config.Settings;
import java.util.Map;
import java.util.TreeSet;

/** Looks up algorithm presets under {@code ngrpo.presets} and checks overrides against them. */
final class Presets {
  static final String PATH = "ngrpo.presets";

  private Presets() {}

  /** The names of the preset blocks, sorted. */
  static TreeSet<String> names(Config root) {
    return new TreeSet<>(Settings.of(root, PATH).config().root().keySet());
  }

  /** The block of {@code name}, whose failures name {@code ngrpo.presets.<name>.<key>}. */
  static Settings settings(Config root, String name) {
    return Settings.of(root, ConfigUtil.joinPath("ngrpo", "presets", name));
  }

  /** The block of {@code name}; an unknown name fails on {@code ngrpo.learner.preset}. */
  static Config block(Config root, Settings learner, String name) {
    TreeSet<String> known = names(root);
    if (!known.contains(name)) {
      throw learner.bad("preset", "unknown preset '" + name + "'; known: " + known);
    }
    return settings(root, name).config();
  }

  /** Fails on the first override key, in sorted order, that the preset block lacks. */
  static void checkOverrides(Settings learner, Config overrides, Config block) {
    TreeSet<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : overrides.entrySet()) {
      if (!block.hasPath(e.getKey())) {
        unknown.add(e.getKey());
      }
    }
    if (!unknown.isEmpty()) {
      TreeSet<String> known = new TreeSet<>();
      for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
        known.add(e.getKey());
      }
      throw learner.bad("algorithm." + unknown.first(), "unknown key; known: " + known);
    }
  }
}
