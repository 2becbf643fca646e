package dev.ngrpo.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds keys under the project's namespace that no {@code reference.conf} declares: a typo such
 * as {@code ngrpo.learner.clip-hgh} must stop the run, not be silently ignored.
 */
public final class UnknownKeys {
  private UnknownKeys() {}

  /**
   * Keys under {@code namespace} in {@code config} that are absent from {@code reference},
   * sorted. Paths below a key whose reference value is an empty object are free-form (for
   * user extensions) and never reported.
   */
  public static List<String> find(Config config, Config reference, String namespace) {
    if (!config.hasPath(namespace)) {
      return List.of();
    }
    TreeSet<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : config.getConfig(namespace).entrySet()) {
      String full = namespace + "." + e.getKey();
      if (!reference.hasPathOrNull(full) && !underFreeForm(reference, full)) {
        unknown.add(full);
      }
    }
    return new ArrayList<>(unknown);
  }

  /** Fails with every unknown key named. */
  public static void check(Config config, Config reference, String namespace) {
    List<String> unknown = find(config, reference, namespace);
    if (!unknown.isEmpty()) {
      throw new ConfigException.BadPath(unknown.get(0), "unknown configuration key"
          + (unknown.size() > 1 ? "s " + unknown : "")
          + " (not declared in any reference.conf; check the spelling)");
    }
  }

  private static boolean underFreeForm(Config reference, String full) {
    List<String> parts = ConfigUtil.splitPath(full);
    for (int n = parts.size() - 1; n > 0; n--) {
      String parent = ConfigUtil.joinPath(parts.subList(0, n));
      if (reference.hasPath(parent)) {
        ConfigValue v = reference.getValue(parent);
        return v instanceof com.typesafe.config.ConfigObject o && o.isEmpty();
      }
    }
    return false;
  }
}
