package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** How many executors the first rollout waits for. */
class ExecutorWaitTest {
  @Test
  void expectedExecutorsComeFromInstancesLocalClusterOrCores() {
    assertThat(ExecutorWait.expected(new SparkConf(false).set("spark.master", "yarn")
        .set("spark.executor.instances", "4"))).isEqualTo(OptionalInt.of(4));
    assertThat(ExecutorWait.expected(new SparkConf(false)
        .set("spark.master", "local-cluster[3, 1, 1024]"))).isEqualTo(OptionalInt.of(3));
    assertThat(ExecutorWait.expected(new SparkConf(false).set("spark.master", "spark://m:7077")
        .set("spark.cores.max", "16").set("spark.executor.cores", "8")))
        .isEqualTo(OptionalInt.of(2));
    assertThat(ExecutorWait.expected(new SparkConf(false).set("spark.master", "spark://m:7077")))
        .isEmpty();
  }

  @Test
  void neededIsTheRatioOfExpectedRoundedUp() {
    assertThat(ExecutorWait.needed(4, 0.8)).isEqualTo(4);
    assertThat(ExecutorWait.needed(10, 0.8)).isEqualTo(8);
    assertThat(ExecutorWait.needed(5, 0.5)).isEqualTo(3);
    assertThat(ExecutorWait.needed(4, 1.0)).isEqualTo(4);
    assertThat(ExecutorWait.needed(4, 0.0)).isZero();
    assertThat(ExecutorWait.needed(4, 7.0)).isEqualTo(4);
  }
}
