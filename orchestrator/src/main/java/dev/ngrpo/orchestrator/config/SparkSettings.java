package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.ngrpo.core.config.Settings;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code ngrpo.spark} section.
 *
 * @param master Spark master, or "" to take spark-submit's
 * @param appName application name
 * @param partitions rollout partitions per step, 0 = default parallelism
 * @param conf extra Spark properties
 */
public record SparkSettings(String master, String appName, int partitions,
    Map<String, String> conf) {
  /** Reads and validates {@code ngrpo.spark}. */
  public static SparkSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.spark");
    Map<String, String> conf = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : s.config().getConfig("conf").entrySet()) {
      String key = e.getKey().replace("\"", "");
      if (!key.startsWith("spark.")) {
        throw s.bad("conf." + e.getKey(), "Spark properties start with 'spark.'");
      }
      ConfigValue v = e.getValue();
      if (v.valueType() == ConfigValueType.LIST || v.valueType() == ConfigValueType.OBJECT) {
        throw s.bad("conf." + e.getKey(), "must be a single value, got " + v.render());
      }
      conf.put(key, String.valueOf(v.unwrapped()));
    }
    return new SparkSettings(s.string("master").trim(), s.nonBlank("app-name"),
        s.intIn("partitions", 0, 1 << 20), conf);
  }
}
