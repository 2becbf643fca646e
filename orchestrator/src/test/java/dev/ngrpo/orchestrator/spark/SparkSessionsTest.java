package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.orchestrator.config.ConfigurationError;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSessionsTest {
  @TempDir
  Path dir;

  private static SparkConf localCluster() {
    return new SparkConf(false).set("spark.master", "local-cluster[2,1,1024]");
  }

  @Test
  void aLocalClusterNeedsASparkHomeWithJarsAndSaysSo() throws Exception {
    assertThatThrownBy(() -> SparkSessions.localCluster(localCluster(), null))
        .hasMessageContaining("local-cluster[2,1,1024]")
        .hasMessageContaining("SPARK_HOME is not set");
    assertThatThrownBy(() -> SparkSessions.localCluster(localCluster(), dir.toString()))
        .hasMessageContaining(dir + ", which has no jars/ folder");
  }

  @Test
  void aLocalClusterGivesExecutorsThisJvmsClassPathAndTheWorkersMemoryUnlessSet() throws Exception {
    Files.createDirectories(dir.resolve("jars"));
    SparkConf conf = localCluster();
    SparkSessions.localCluster(conf, dir.toString());
    String first = System.getProperty("java.class.path").split(File.pathSeparator)[0];
    assertThat(conf.get("spark.executor.extraClassPath"))
        .startsWith(new File(first).getAbsolutePath());
    assertThat(conf.get("spark.executorEnv.SPARK_SCALA_VERSION")).isEqualTo("2.13");
    assertThat(conf.get("spark.executor.memory")).isEqualTo("1024m");

    SparkConf own = localCluster().set("spark.executor.extraClassPath", "/opt/app.jar")
        .set("spark.executor.memory", "512m");
    SparkSessions.localCluster(own, dir.toString());
    assertThat(own.get("spark.executor.extraClassPath")).isEqualTo("/opt/app.jar");
    assertThat(own.get("spark.executor.memory")).isEqualTo("512m");
  }

  @Test
  void dynamicAllocationIsRefusedOnClustersNamingTheKeyAndWhereItCameFrom() throws Exception {
    Files.createDirectories(dir.resolve("jars"));
    String on = "ngrpo.spark.conf.\"spark.dynamicAllocation.enabled\"=true";
    assertThatThrownBy(() -> SparkSessions.conf(RunConfig.load(null,
        List.of(on, "ngrpo.spark.master=\"spark://10.0.0.1:7077\"")).spark()))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("spark.dynamicAllocation.enabled = true (from ngrpo.spark.conf)")
        .hasMessageContaining("spark.dynamicAllocation.enabled=false");
    // a local-cluster runs executor JVMs that dynamic allocation would remove: refused too
    assertThatThrownBy(() -> SparkSessions.conf(RunConfig.load(null,
        List.of(on, "ngrpo.spark.master=\"local-cluster[2,1,1024]\"")).spark()))
        .hasMessageContaining("spark.dynamicAllocation.enabled = true");
    // as spark-submit hands it to the driver: a system property
    System.setProperty("spark.dynamicAllocation.enabled", "true");
    try {
      assertThatThrownBy(() -> SparkSessions.conf(RunConfig.load(null,
          List.of("ngrpo.spark.master=\"yarn\"")).spark()))
          .hasMessageContaining("(from spark-submit");
      // a local master, where Spark ignores it, runs
      assertThat(SparkSessions.conf(RunConfig.load(null, List.of("ngrpo.spark.master=\"local[2]\""))
          .spark()).get("spark.master")).isEqualTo("local[2]");
    } finally {
      System.clearProperty("spark.dynamicAllocation.enabled");
    }
    assertThat(SparkSessions.conf(RunConfig.load(null, List.of(
        "ngrpo.spark.conf.\"spark.dynamicAllocation.enabled\"=false",
        "ngrpo.spark.master=\"yarn\"")).spark()).get("spark.master")).isEqualTo("yarn");
  }

  @Test
  void aStandaloneClusterModeDriverTakesTheSecretItsWorkerPutInTheEnvironment() {
    java.util.Map<String, String> worker = java.util.Map.of("_SPARK_AUTH_SECRET", "s3cr3t");
    SparkConf on = new SparkConf(false).set("spark.authenticate", "true");
    SparkSessions.secretFromWorker(on, worker);
    assertThat(on.get("spark.authenticate.secret")).isEqualTo("s3cr3t");
    // a configured secret wins; without authentication nothing is set
    SparkConf own = new SparkConf(false).set("spark.authenticate", "true")
        .set("spark.authenticate.secret", "mine");
    SparkSessions.secretFromWorker(own, worker);
    assertThat(own.get("spark.authenticate.secret")).isEqualTo("mine");
    SparkConf off = new SparkConf(false);
    SparkSessions.secretFromWorker(off, worker);
    assertThat(off.contains("spark.authenticate.secret")).isFalse();
    SparkConf none = new SparkConf(false).set("spark.authenticate", "true");
    SparkSessions.secretFromWorker(none, java.util.Map.of());
    assertThat(none.contains("spark.authenticate.secret")).isFalse();
  }

  @Test
  void weightBroadcastsAreNotCompressedUnlessTheRunSaysSo() {
    assertThat(SparkSessions.conf(RunConfig.load(null, List.of()).spark())
        .get("spark.broadcast.compress")).isEqualTo("false");
    assertThat(SparkSessions.conf(RunConfig.load(null,
        List.of("ngrpo.spark.conf.\"spark.broadcast.compress\"=true")).spark())
        .get("spark.broadcast.compress")).isEqualTo("true");
  }

  @Test
  void theRunsSparkConfReplacesTheDefaultsForExecutorOptionsAndKryoBuffers() {
    SparkConf defaults = SparkSessions.conf(RunConfig.load(null, List.of()).spark());
    assertThat(defaults.get("spark.executor.extraJavaOptions")).isEqualTo("-Dai.djl.offline=true");
    assertThat(defaults.get("spark.kryoserializer.buffer.max")).isEqualTo("1024m");
    SparkConf own = SparkSessions.conf(RunConfig.load(null, List.of(
        "ngrpo.spark.conf.\"spark.executor.extraJavaOptions\"=\"-Dai.djl.offline=true -Xss4m\"",
        "ngrpo.spark.conf.\"spark.kryoserializer.buffer.max\"=2047m")).spark());
    assertThat(own.get("spark.executor.extraJavaOptions"))
        .isEqualTo("-Dai.djl.offline=true -Xss4m");
    assertThat(own.get("spark.kryoserializer.buffer.max")).isEqualTo("2047m");
  }

  @Test
  void theMetricsPluginJoinsTheUsersPluginsOnce() {
    String ours = MetricsPlugin.class.getName();
    SparkConf none = new SparkConf(false);
    SparkSessions.withMetricsPlugin(none);
    assertThat(none.get("spark.plugins")).isEqualTo(ours);
    SparkConf theirs = new SparkConf(false).set("spark.plugins", "com.nvidia.spark.SQLPlugin");
    SparkSessions.withMetricsPlugin(theirs);
    assertThat(theirs.get("spark.plugins")).isEqualTo("com.nvidia.spark.SQLPlugin," + ours);
    SparkSessions.withMetricsPlugin(theirs);
    assertThat(theirs.get("spark.plugins")).isEqualTo("com.nvidia.spark.SQLPlugin," + ours);
  }
}
