package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.ngrpo.orchestrator.config.RunConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Rollout stages get one partition per task slot, whatever Spark's default parallelism. */
class TaskSlotsTest {
  private static int slots(String master, int taskCpus) {
    RunConfig config = RunConfig.of(ConfigFactory.parseString("ngrpo.spark { master = \""
        + master + "\", conf { \"spark.ui.enabled\" = false, \"spark.task.cpus\" = " + taskCpus
        + " } }"));
    SparkSession spark = SparkSessions.start(config.spark());
    try {
      return TaskSlots.of(JavaSparkContext.fromSparkContext(spark.sparkContext()));
    } finally {
      spark.stop();
    }
  }

  private static SparkConf conf(String... keyValues) {
    SparkConf conf = new SparkConf(false);
    for (int i = 0; i < keyValues.length; i += 2) {
      conf.set(keyValues[i], keyValues[i + 1]);
    }
    return conf;
  }

  @Test
  void slotsAreCoresOverTheCpusEachTaskTakes() {
    assertThat(slots("local[3]", 1)).isEqualTo(3);
    // default parallelism would say 4: two tasks of 2 CPUs run at once
    assertThat(slots("local[4]", 2)).isEqualTo(2);
  }

  @Test
  void clusterSlotsAreExecutorsTimesTheTasksEachRunsAtOnce() {
    // the GPU recipe: 4 executors of 8 cores and 1 GPU, one 8-CPU 1-GPU task each
    SparkConf gpu = conf("spark.executor.cores", "8", "spark.task.cpus", "8",
        "spark.executor.resource.gpu.amount", "1", "spark.task.resource.gpu.amount", "1");
    assertThat(TaskSlots.count(gpu, false, 4, 32)).isEqualTo(4);
    // a GPU shared by 4 tasks of 1 CPU: 4 per executor, not the 8 the cores allow
    SparkConf shared = conf("spark.executor.cores", "8",
        "spark.executor.resource.gpu.amount", "1", "spark.task.resource.gpu.amount", "0.25");
    assertThat(TaskSlots.count(shared, false, 2, 16)).isEqualTo(8);
    // standalone without spark.executor.cores: each executor has its worker's cores (6 / 2)
    assertThat(TaskSlots.count(conf(), false, 2, 6)).isEqualTo(6);
    assertThat(TaskSlots.count(conf("spark.task.cpus", "2"), false, 2, 6)).isEqualTo(2);
    // spark.default.parallelism set: it says nothing about cores, so one core each
    assertThat(TaskSlots.count(conf("spark.default.parallelism", "100"), false, 3, 100))
        .isEqualTo(3);
    // no executor registered yet: the default parallelism
    assertThat(TaskSlots.count(conf("spark.executor.cores", "8"), false, 0, 2)).isEqualTo(2);
  }
}
