package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.ngrpo.core.config.Settings;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code ngrpo.spark} section.
 *
 * @param master Spark master, or "" to take spark-submit's
 * @param appName application name
 * @param partitions rollout partitions per step, 0 = one per task slot, counted at each stage
 * @param conf extra Spark properties
 */
public record SparkSettings(String master, String appName, int partitions,
    Map<String, String> conf) {
  /**
   * The master URLs Spark 4 accepts, so that a bad one stops the run here rather than when
   * the session starts: {@code local}, {@code local[N]}, {@code local[*]},
   * {@code local[N,F]}, {@code local-cluster[N,C,M]}, {@code spark://...}, {@code yarn},
   * {@code k8s://...}. Spark 4 removed Mesos, so {@code mesos://...} is refused by name.
   */
  private static final Pattern MASTER = Pattern.compile("local"
      + "|local\\[([0-9]+|\\*)(\\s*,\\s*[0-9]+)?\\]"
      + "|local-cluster\\[\\s*[0-9]+\\s*,\\s*[0-9]+\\s*,\\s*[0-9]+\\s*\\]"
      + "|(spark|k8s)://.+|yarn");
  /** A count of 0 in a local master: threads, failures, workers, cores or MiB. */
  private static final Pattern ZERO_COUNT = Pattern.compile("[\\[,]\\s*0+\\s*[,\\]]");

  /** Reads and validates {@code ngrpo.spark}. */
  public static SparkSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.spark");
    Map<String, String> conf = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : s.section("conf").config().entrySet()) {
      String key = e.getKey().replace("\"", "");
      if (!key.startsWith("spark.")) {
        throw s.bad("conf." + e.getKey(), "Spark properties start with 'spark.'");
      }
      ConfigValue v = e.getValue();
      if (v.valueType() == ConfigValueType.LIST || v.valueType() == ConfigValueType.OBJECT) {
        throw s.bad("conf." + e.getKey(), "must be a single value, got "
            + SecretKeys.shown(e.getKey(), v.render()));
      }
      conf.put(key, String.valueOf(v.unwrapped()));
    }
    return new SparkSettings(master(s), s.nonBlank("app-name"),
        s.intIn("partitions", 0, 1 << 20), conf);
  }

  /** {@code master}, trimmed: empty (spark-submit's) or a URL of {@link #MASTER}. */
  private static String master(Settings s) {
    String master = s.string("master").trim();
    if (master.isEmpty()) {
      return master;
    }
    if (master.startsWith("mesos://")) {
      throw s.bad("master", "'" + master + "': Spark 4 removed Mesos support; run on a"
          + " standalone cluster (spark://...), YARN or Kubernetes (k8s://...)");
    }
    if (!MASTER.matcher(master).matches()) {
      throw s.bad("master", "not a Spark master URL: '" + master + "'; expected local,"
          + " local[N], local[*], local[N,F], local-cluster[N,C,M], spark://host:port, yarn,"
          + " k8s://... or \"\" for spark-submit's");
    }
    if (master.startsWith("local") && ZERO_COUNT.matcher(master).find()) {
      throw s.bad("master", "threads, failures, workers, cores and MiB must be at least 1, got '"
          + master + "'");
    }
    return master;
  }
}
