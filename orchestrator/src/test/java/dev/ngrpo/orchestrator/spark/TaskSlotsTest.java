package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.ngrpo.orchestrator.config.RunConfig;
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
      return SparkRollout.taskSlots(JavaSparkContext.fromSparkContext(spark.sparkContext()));
    } finally {
      spark.stop();
    }
  }

  @Test
  void slotsAreCoresOverTheCpusEachTaskTakes() {
    assertThat(slots("local[3]", 1)).isEqualTo(3);
    // default parallelism would say 4: two tasks of 2 CPUs run at once
    assertThat(slots("local[4]", 2)).isEqualTo(2);
  }
}
