package dev.ngrpo.orchestrator.spark;

import dev.ngrpo.orchestrator.config.ConfigurationError;
import dev.ngrpo.orchestrator.config.SparkSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the run's SparkSession: Kryo with the project's registrator and
 * {@code registrationRequired}, the executor DJL options, and, for a local master, every
 * listener (driver RPC, block manager, UI) bound to 127.0.0.1. Properties spark-submit set win
 * over the configuration's.
 */
public final class SparkSessions {
  /** {@code local-cluster[workers, cores per worker, MiB per worker]}; group 1 the MiB. */
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*\\d+\\s*,\\s*(\\d+)\\s*]");

  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

  private SparkSessions() {}

  /** The Spark properties a run uses, before spark-submit's (which win). */
  public static SparkConf conf(SparkSettings settings) {
    SparkConf conf = new SparkConf(true);
    setIfAbsent(conf, "spark.app.name", settings.appName());
    if (!settings.master().isEmpty()) {
      setIfAbsent(conf, "spark.master", settings.master());
    }
    conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.set("spark.kryo.registrator", NgrpoKryoRegistrator.class.getName());
    conf.set("spark.kryo.registrationRequired", "true");
    // ngrpo.spark.conf before the defaults below, which it may replace
    for (Map.Entry<String, String> e : settings.conf().entrySet()) {
      setIfAbsent(conf, e.getKey(), e.getValue());
    }
    // Weight snapshots of small models are tens of MB; let Kryo grow its buffer to that.
    setIfAbsent(conf, "spark.kryoserializer.buffer.max", "1024m");
    setIfAbsent(conf, "spark.executor.extraJavaOptions", "-Dai.djl.offline=true");
    // The only large broadcasts are policy weights, and compressing float32 weights costs a
    // large share of a big model's orchestration overhead for little gain (docs/benchmarks.md).
    // Set it in ngrpo.spark.conf or spark-submit to compress anyway (a slow network may want it).
    setIfAbsent(conf, "spark.broadcast.compress", "false");
    withMetricsPlugin(conf);
    String master = conf.get("spark.master", "");
    refuseDynamicAllocation(conf, settings, master);
    secretFromWorker(conf, System.getenv());
    if (master.startsWith("local")) {
      bindToLoopback(conf);
    }
    if (master.startsWith("local-cluster")) {
      localCluster(conf, System.getenv("SPARK_HOME"));
    }
    return conf;
  }

  /**
   * A {@code local-cluster[N,cores,MiB]} master runs N executor JVMs on this machine, started
   * from {@code $SPARK_HOME/jars} plus {@code spark.executor.extraClassPath}: the executors get
   * this JVM's class path, so any folder with a {@code jars/} subfolder, even empty, will do
   * as SPARK_HOME (bin/ngrpo provides one). Executors get the workers' memory as their heap
   * ({@code spark.executor.memory}, unless set), where Spark would give them its 1 GB default
   * whatever the master says.
   */
  static void localCluster(SparkConf conf, String sparkHome) {
    if (sparkHome == null || !Files.isDirectory(Path.of(sparkHome, "jars"))) {
      throw new IllegalArgumentException("ngrpo.spark.master = " + conf.get("spark.master")
          + " starts executor JVMs from $SPARK_HOME/jars, but SPARK_HOME is "
          + (sparkHome == null ? "not set" : sparkHome + ", which has no jars/ folder")
          + ": set it to a Spark installation or to any folder with a jars/ subfolder"
          + " (bin/ngrpo sets one)");
    }
    String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> new File(p).getAbsolutePath()).collect(Collectors.joining(File.pathSeparator));
    setIfAbsent(conf, "spark.executor.extraClassPath", classpath);
    Matcher m = LOCAL_CLUSTER.matcher(conf.get("spark.master"));
    if (m.matches()) {
      setIfAbsent(conf, "spark.executor.memory", m.group(1) + "m");
    }
    String version = scala.util.Properties.versionNumberString();
    setIfAbsent(conf, "spark.executorEnv.SPARK_SCALA_VERSION",
        version.substring(0, version.lastIndexOf('.')));
  }

  /** Starts (or joins) the session. */
  public static SparkSession start(SparkSettings settings) {
    SparkConf conf = conf(settings);
    LOG.info("starting Spark: master {}", conf.get("spark.master", "(from spark-submit)"));
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * A standalone Worker starts a cluster-mode driver with the application's {@code
   * spark.authenticate.secret} taken off its command line (where {@code ps} would show it) and
   * put in its environment as {@code _SPARK_AUTH_SECRET}, as it does for executors; but the
   * driver's own security manager reads the secret from the configuration only, so Spark 4.2
   * fails that driver with "A secret key must be specified via the spark.authenticate.secret
   * config". The driver takes it from the environment when authentication is on and the
   * configuration has none.
   */
  static void secretFromWorker(SparkConf conf, Map<String, String> environment) {
    String secret = environment.get("_SPARK_AUTH_SECRET");
    if (secret != null && conf.getBoolean("spark.authenticate", false)
        && !conf.contains("spark.authenticate.secret")) {
      conf.set("spark.authenticate.secret", secret);
    }
  }

  /**
   * Refuses Spark's dynamic allocation, which several managed platforms turn on by default: a
   * run alternates rollout stages that want every executor with learner steps on the driver
   * that leave them all idle, so idle executors would time out during each learner step and
   * the next rollout would start on too few (or wait for new ones to start and load the
   * policy). A run keeps a fixed set of executors instead; a local master, where Spark ignores
   * the setting, is let through.
   */
  private static void refuseDynamicAllocation(SparkConf conf, SparkSettings settings,
      String master) {
    String key = "spark.dynamicAllocation.enabled";
    if (master.startsWith("local") && !master.startsWith("local-cluster")
        || !conf.getBoolean(key, false)) {
      return;
    }
    String source = settings.conf().containsKey(key) ? "ngrpo.spark.conf" : "spark-submit"
        + " (--conf, --properties-file or the cluster's spark-defaults.conf)";
    throw new ConfigurationError(key + " = true (from " + source + "): a run keeps a fixed set"
        + " of executors, because dynamic allocation would remove the executors that sit idle"
        + " while the learner works and start the next rollout on too few; set " + key
        + "=false (deploy/ngrpo-spark.properties does) and size the run with"
        + " spark.executor.instances");
  }

  private static void bindToLoopback(SparkConf conf) {
    setIfAbsent(conf, "spark.driver.host", "127.0.0.1");
    setIfAbsent(conf, "spark.driver.bindAddress", "127.0.0.1");
    // The UI binds to SPARK_LOCAL_IP (0.0.0.0 when unset): bin/ngrpo and the tests set it to
    // 127.0.0.1; anywhere else the UI stays off rather than listen on every interface.
    String localIp = System.getenv("SPARK_LOCAL_IP");
    boolean loopback = "127.0.0.1".equals(localIp) || "localhost".equals(localIp);
    if (!loopback && conf.getBoolean("spark.ui.enabled", true)) {
      LOG.info("Spark UI disabled: SPARK_LOCAL_IP is not 127.0.0.1, so it would listen on every"
          + " interface (set SPARK_LOCAL_IP=127.0.0.1 to have it on localhost)");
      conf.set("spark.ui.enabled", "false");
    }
  }

  /**
   * Adds {@link MetricsPlugin} to {@code spark.plugins}, after any plugins set there (the
   * RAPIDS accelerator, a profiler), so every run's figures reach the metrics system.
   */
  static void withMetricsPlugin(SparkConf conf) {
    String plugin = MetricsPlugin.class.getName();
    String plugins = conf.get("spark.plugins", "").trim();
    if (Stream.of(plugins.split(",")).map(String::trim).noneMatch(plugin::equals)) {
      conf.set("spark.plugins", plugins.isEmpty() ? plugin : plugins + "," + plugin);
    }
  }

  private static void setIfAbsent(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }
}
