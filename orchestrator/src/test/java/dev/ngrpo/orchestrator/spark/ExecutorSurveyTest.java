package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.ngrpo.orchestrator.config.ConfigurationError;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.config.SparkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext$;
import org.junit.jupiter.api.Test;

/**
 * {@code doctor --executors}: every executor answers once with its {@link JvmReport}, through
 * Spark with Kryo and {@code registrationRequired} as runs use it; executors that never come
 * are a bounded wait and a message naming the master and the timeout.
 */
class ExecutorSurveyTest {
  private static SparkSettings spark(String master, String conf) {
    return RunConfig.of(ConfigFactory.parseString("ngrpo.spark { master = \"" + master
        + "\", conf { \"spark.ui.enabled\" = false" + conf + " } }")).spark();
  }

  /** The fields every JVM of this test reports alike: the test's own java, engine, cores. */
  private static void isThisMachinesJvm(JvmReport r) {
    assertThat(r.engine()).isEqualTo("PyTorch 2.7.1");
    assertThat(r.flavor()).isEqualTo("cpu");
    assertThat(Path.of(r.libtorch()).getFileName().toString()).startsWith("2.7.1-")
        .endsWith("-cpu-" + "linux-x86_64");
    assertThat(r.gpus()).isZero();
    assertThat(r.sparkGpus()).isEmpty();
    assertThat(r.djlOffline()).isEqualTo("true");
    assertThat(r.java()).isEqualTo(System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version"));
    assertThat(r.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(r.problem()).isEmpty();
  }

  @Test
  void underALocalMasterTheDriversJvmIsTheOneExecutor() {
    ExecutorSurvey.Result r = ExecutorSurvey.of(spark("local[2]", ""), Duration.ofMinutes(1));
    assertThat(r.master()).isEqualTo("local[2]");
    assertThat(r.expected()).isZero();
    assertThat(r.reports()).singleElement().satisfies(e -> {
      assertThat(e.executorId()).isEqualTo("driver");
      assertThat(e.blockManager()).matches("127\\.0\\.0\\.1:[0-9]+");
      isThisMachinesJvm(e);
    });
    assertThat(r.silent()).isEmpty();
    assertThat(r.healthy()).isTrue();
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("Spark stopped").isTrue();
  }

  @Test
  void eachExecutorJvmOfALocalClusterAnswersOnce() throws Exception {
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
    ExecutorSurvey.Result r = ExecutorSurvey.of(spark("local-cluster[2,1,1024]", ""),
        Duration.ofMinutes(3));
    assertThat(r.expected()).isEqualTo(2);
    assertThat(r.reports()).extracting(JvmReport::executorId).containsExactly("0", "1");
    assertThat(r.reports()).extracting(JvmReport::blockManager).doesNotHaveDuplicates()
        .allMatch(b -> b.matches("[^:]+:[0-9]+"));
    // the executors got ai.djl.offline from SparkSessions' spark.executor.extraJavaOptions
    r.reports().forEach(ExecutorSurveyTest::isThisMachinesJvm);
    assertThat(r.silent()).isEmpty();
    assertThat(r.unregistered()).isZero();
    assertThat(r.healthy()).isTrue();
  }

  @Test
  void executorsThatNeverRegisterEndTheWaitAtTheTimeoutNamingTheMaster() throws Exception {
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
    // a worker of 1 core never fits an executor of 2: the master never launches one
    long start = System.nanoTime();
    assertThatThrownBy(() -> ExecutorSurvey.of(spark("local-cluster[1,1,512]",
        ", \"spark.executor.cores\" = 2"), Duration.ofSeconds(3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no executor registered with master local-cluster[1,1,512]"
            + " within 3 s (--timeout): the cluster has no room for them");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("Spark stopped").isTrue();
  }

  @Test
  void noMasterAnywhereIsAConfigurationErrorBeforeSparkStarts() {
    assertThatThrownBy(() -> ExecutorSurvey.of(spark("", ""), Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("ngrpo.spark.master is \"\" (spark-submit's) and no"
            + " spark-submit set one");
  }

  @Test
  void theExecutorsAMasterAsksFor() {
    assertThat(expected("local[4]")).isZero();
    assertThat(expected("local-cluster[3,1,512]")).isEqualTo(3);
    assertThat(expected("spark://h:7077")).as("at least one").isEqualTo(1);
    assertThat(expected("yarn", "spark.executor.instances", "4")).isEqualTo(4);
    // as a run waits for them: cores.max over the cores of each executor
    assertThat(expected("spark://h:7077", "spark.cores.max", "16", "spark.executor.cores", "8"))
        .isEqualTo(2);
    assertThat(expected("k8s://https://h", "spark.dynamicAllocation.enabled", "true"))
        .as("dynamic allocation may start with none").isZero();
    assertThat(expected("yarn", "spark.dynamicAllocation.enabled", "true",
        "spark.dynamicAllocation.minExecutors", "2",
        "spark.dynamicAllocation.initialExecutors", "3")).isEqualTo(3);
  }

  private static int expected(String master, String... keysAndValues) {
    SparkConf conf = new SparkConf(false).set("spark.master", master);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      conf.set(keysAndValues[i], keysAndValues[i + 1]);
    }
    return ExecutorSurvey.expectedExecutors(conf);
  }

  @Test
  void theFlavourComesFromLibtorchsFolderElsePytorchFlavor() {
    for (List<String> c : List.of(
        List.of("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64", "cpu"),
        List.of("/root/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64", "cu128"),
        List.of("/cache/pytorch/2.5.1-cu124-precxx11-linux-aarch64", "cu124-precxx11"),
        List.of("/opt/rocm/libtorch/2.7.1-rocm6.3-linux-x86_64", "rocm6.3"))) {
      assertThat(JvmReport.flavor(c.get(0), null)).as(c.get(0)).isEqualTo(c.get(1));
    }
    // a folder of one's own (PYTORCH_LIBRARY_PATH) names none
    assertThat(JvmReport.flavor("/opt/libtorch", "cu126")).isEqualTo("cu126");
    assertThat(JvmReport.flavor("/opt/libtorch", null)).isEqualTo("unknown");
    assertThat(JvmReport.flavor("", " ")).as("not loaded").isEqualTo("unknown");
  }
}
