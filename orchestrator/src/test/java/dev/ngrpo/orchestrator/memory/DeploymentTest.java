package dev.ngrpo.orchestrator.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Limits and task counts from Spark properties, as Spark would size the processes. */
class DeploymentTest {
  static final long MIB = 1L << 20;
  static final Machine MACHINE = new Machine(24L << 30, 6L << 30, 2);

  static SparkConf conf(String... pairs) {
    SparkConf c = new SparkConf(false);
    for (int i = 0; i < pairs.length; i += 2) {
      c.set(pairs[i], pairs[i + 1]);
    }
    return c;
  }

  @Test
  void aClusterGetsSparksOverheadDefaultsOrItsOwn() {
    Deployment d = Deployment.of(conf("spark.master", "yarn", "spark.executor.memory", "2g"),
        "auto", 0, MACHINE);
    assertThat(d.kind()).isEqualTo(Deployment.Kind.CLUSTER);
    // spark.driver.memory unset: this JVM's heap, 6 GiB; overhead max(384, 0.1 x 6144) = 614
    assertThat(d.driverLimits().get(Place.HEAP).bytes()).isEqualTo(6L << 30);
    assertThat(d.driverLimits().get(Place.OFF_HEAP).bytes()).isEqualTo(614 * MIB);
    // a 2 GiB executor: 0.1 x 2048 = 204 < 384
    assertThat(d.executorLimits().get(Place.OFF_HEAP).bytes()).isEqualTo(384 * MIB);
    assertThat(d.executorLimits().get(Place.OFF_HEAP).source())
        .isEqualTo("spark.executor.memoryOverhead unset: max(384 MiB, 0.1 x the heap)");
    assertThat(d.tasksPerExecutor()).isEqualTo(1);
    assertThat(d.tasksSource()).isEqualTo("spark.executor.cores unset: 1");
    assertThat(d.machine()).isEmpty();
    assertThat(d.driverOnGpu()).isFalse();

    Deployment own = Deployment.of(conf("spark.master", "k8s://https://k:6443",
        "spark.driver.memory", "4096", "spark.executor.memoryOverhead", "3g",
        "spark.executor.memoryOverheadFactor", "0.4", "spark.executor.cores", "8",
        "spark.task.cpus", "2", "spark.executor.instances", "5"), "cpu", 0, MACHINE);
    // a figure without a unit is MiB, as Spark reads it
    assertThat(own.driverLimits().get(Place.HEAP).bytes()).isEqualTo(4096 * MIB);
    assertThat(own.executorLimits().get(Place.OFF_HEAP).bytes()).isEqualTo(3072 * MIB);
    assertThat(own.tasksPerExecutor()).isEqualTo(4);
    assertThat(own.executors()).isEqualTo(5);
    // the factor applies where the overhead is unset: 0.4 x 1024 = 409 MiB
    assertThat(Deployment.overhead(conf("spark.executor.memoryOverheadFactor", "0.4"),
        "executor", 1L << 30).bytes()).isEqualTo(409 * MIB);
  }

  @Test
  void localMastersShareThisMachine() {
    Deployment all = Deployment.of(conf("spark.master", "local[*]"), "auto", 0, MACHINE);
    assertThat(all.tasksInDriver()).isTrue();
    assertThat(all.tasksPerExecutor()).isEqualTo(2);
    assertThat(all.tasksSource()).isEqualTo("local[*] on 2 cores");
    assertThat(all.driverLimits()).containsOnlyKeys(Place.HEAP);
    assertThat(all.machine().orElseThrow().bytes()).isEqualTo(24L << 30);
    assertThat(Deployment.of(conf("spark.master", "local[4, 2]"), "auto", 0, MACHINE)
        .tasksPerExecutor()).isEqualTo(4);
    assertThat(Deployment.of(conf("spark.master", "local"), "auto", 0, MACHINE)
        .tasksPerExecutor()).isEqualTo(1);

    Deployment cluster = Deployment.of(conf("spark.master", "local-cluster[2, 3, 1536]"),
        "auto", 0, MACHINE);
    assertThat(cluster.kind()).isEqualTo(Deployment.Kind.LOCAL_CLUSTER);
    assertThat(cluster.executors()).isEqualTo(2);
    assertThat(cluster.tasksPerExecutor()).isEqualTo(3);
    assertThat(cluster.executorLimits().get(Place.HEAP).bytes()).isEqualTo(1536 * MIB);
    assertThat(cluster.executorLimits()).doesNotContainKey(Place.OFF_HEAP);
  }

  @Test
  void gpusAreWhereTheDeviceAndTheTasksSayWithTheGivenMemory() {
    long gpu = 80L << 30;
    Deployment auto = Deployment.of(conf("spark.master", "yarn",
        "spark.task.resource.gpu.amount", "0.25"), "auto", gpu, MACHINE);
    assertThat(auto.driverOnGpu()).isTrue();
    assertThat(auto.executorsOnGpu()).isTrue();
    assertThat(auto.tasksPerGpu()).isEqualTo(4);
    assertThat(auto.driverLimits().get(Place.GPU).bytes()).isEqualTo(gpu);
    assertThat(Deployment.of(conf("spark.master", "yarn"), "cpu", gpu, MACHINE).driverOnGpu())
        .isFalse();
    // auto without a size: on a GPU only when Spark gives the driver one
    assertThat(Deployment.of(conf("spark.master", "yarn"), "auto", 0, MACHINE).driverOnGpu())
        .isFalse();
    Deployment assigned = Deployment.of(conf("spark.master", "yarn",
        "spark.driver.resource.gpu.amount", "1"), "auto", 0, MACHINE);
    assertThat(assigned.driverOnGpu()).isTrue();
    assertThat(assigned.driverLimits()).doesNotContainKey(Place.GPU);
    // tasks in a local driver run on the CPU whatever they ask
    assertThat(Deployment.of(conf("spark.master", "local[2]",
        "spark.task.resource.gpu.amount", "1"), "auto", gpu, MACHINE).executorsOnGpu())
        .isFalse();
  }
}
