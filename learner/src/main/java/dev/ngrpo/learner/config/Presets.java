package dev.ngrpo.learner.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import dev.ngrpo.core.config.Registry;
import dev.ngrpo.core.config.Settings;
import java.util.Map;
import java.util.TreeSet;

/**
 * The algorithm presets, the blocks under {@code ngrpo.presets}, by name; {@code dr_grpo} and
 * {@code w_reinforce}, their names before the kebab-case convention, still resolve with a
 * deprecation warning.
 */
final class Presets {
  static final String PATH = "ngrpo.presets";
  private static final Map<String, String> OLD_SPELLINGS =
      Map.of("dr-grpo", "dr_grpo", "w-reinforce", "w_reinforce");

  private Presets() {}

  /** The preset blocks of {@code root} by name, sorted; a block's name must be kebab-case. */
  static Registry<Settings> registry(Config root) {
    Settings presets = Settings.of(root, PATH);
    Registry.Builder<Settings> b = Registry.of("preset");
    for (String name : new TreeSet<>(presets.config().root().keySet())) {
      String[] old = OLD_SPELLINGS.containsKey(name)
          ? new String[] {OLD_SPELLINGS.get(name)} : new String[0];
      try {
        b.add(name, Settings.of(root, ConfigUtil.joinPath("ngrpo", "presets", name)), old);
      } catch (IllegalArgumentException e) {
        throw presets.bad(ConfigUtil.joinPath(name), e.getMessage());
      }
    }
    return b.build();
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
