package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;

/**
 * The Spark-internal calls still do what {@link SparkInternals} says on the Spark on the class
 * path: a Spark upgrade that changes them fails here (or does not compile).
 */
class SparkInternalsTest {
  @Test
  void destroyWaitsAndTheBlockManagerIsThisJvms() {
    assertThat(SparkInternals.blockManagerHostPort()).isEmpty();
    SparkConf conf = new SparkConf().setMaster("local[1]").setAppName("internals")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      Broadcast<int[]> b = sc.broadcast(new int[] {1, 2, 3});
      assertThat(b.value()).containsExactly(1, 2, 3);
      SparkInternals.destroyAndWait(b);
      assertThat(b.isValid()).isFalse();
      assertThatThrownBy(b::value).hasMessageContaining("destroyed");
      assertThat(SparkInternals.blockManagerHostPort()).startsWith("127.0.0.1:")
          .matches(".*:\\d+");
    }
  }
}
