package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
