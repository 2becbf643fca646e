package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.LiveFigures;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.RunSummary;
import dev.ngrpo.orchestrator.train.StartingPolicy;
import dev.ngrpo.rollout.worker.PublishedWeights;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with executors in separate JVMs ({@code local-cluster[2,1,1024]}): every record
 * crosses the wire through Kryo with registration required, weights arrive by broadcast (then,
 * after the resume, as model folders the executors map: the auto transport of a local-cluster),
 * and each executor builds its own policy. Catches serialization and static-state bugs that
 * {@code local[N]} hides; and an executor JVM killed in the middle of a rollout.
 */
class LocalClusterTest {
  @TempDir
  Path dir;

  /**
   * Spark settings of a {@code local-cluster} with two single-core executor JVMs, each task
   * tried at most {@code maxFailures} times. Executors get the test's class path from
   * {@link SparkSessions}; surefire points SPARK_HOME at target/spark-home.
   */
  private static String localCluster(int maxFailures) throws Exception {
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
    return """
        ngrpo.spark {
          master = "local-cluster[2,1,1024]"
          partitions = 2
          conf { "spark.task.maxFailures" = %d }
        }
        """.formatted(maxFailures);
  }

  @Test
  void trainsAndResumesWithExecutorsInSeparateJvms() throws Exception {
    String spark = localCluster(1);
    Path out = dir.resolve("run");
    List<String> console = new ArrayList<>();
    // torch-threads: a fresh executor JVM sets its threads before anything started the engine
    // broadcast here (auto would write model folders on a local-cluster): Kryo across JVMs
    RunSummary first = TestRuns.train(TestRuns.config(out, spark
        + "\nngrpo.run.steps = 2\nngrpo.rollout.torch-threads = 1"
        + "\nngrpo.weights.transport = broadcast"), false, console);
    assertThat(first.stepsDone()).isEqualTo(2);
    assertThat(console).anyMatch(l -> l.startsWith("step 2/2"));
    // the executor JVM reported its rollout counts to the driver's metrics plugin: at least
    // the 2 steps' 4 prompts x 4 responses
    assertThat(LiveFigures.executorTotals().responses()).isGreaterThanOrEqualTo(2 * 4 * 4);
    assertThat(LiveFigures.executorTotals().policyLoads()).isPositive();
    assertThat(out.resolve("checkpoints/step-00000001/_COMPLETE")).exists();
    // resumed to 3 steps with the auto transport (model folders the executors map)
    String threeSteps = spark + "\nngrpo.run.steps = 3\nngrpo.rollout.torch-threads = 1";
    Map<String, HostTensor> resumed =
        TestRuns.finalWeights(TestRuns.config(out, threeSteps), true, console);
    assertThat(console).anyMatch(l -> l.startsWith("resumed from"));
    assertThat(out.resolve("weights/v3/model.safetensors")).exists();
    assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(3);
    // the same 3 steps without the interruption give the same weights, tensor for tensor
    Map<String, HostTensor> straight =
        TestRuns.finalWeights(TestRuns.config(dir.resolve("straight"), threeSteps), false);
    assertThat(resumed).isEqualTo(straight);
  }

  @Test
  void anExecutorKilledMidRolloutIsReplacedAndTheRetryReturnsTheSameGroups() throws Exception {
    Path out = dir.resolve("killed");
    RunConfig config = TestRuns.config(out, localCluster(2));
    RunConfig killing = TestRuns.config(out, localCluster(2) + "\nngrpo.verifier.name = \""
        + FailingVerifiers.HaltExecutorOnce.class.getName() + "\"");
    try (RunContext context = RunContext.open(config);
        StartingPolicy policy = StartingPolicy.create(config.model(), Device.cpu(),
            context.hadoop());
        WeightsPublisher publisher = context.newPublisher()) {
      SparkEvents events = SparkEvents.on(context.spark().sparkContext());
      // the public-API slot count agrees with Spark's own (private[spark]) one
      org.apache.spark.SparkContext sc = context.spark().sparkContext();
      assertThat(TaskSlots.of(context.rollout().context())).isEqualTo(2)
          .isEqualTo(sc.maxNumConcurrentTasks(
              sc.resourceProfileManager().defaultResourceProfile()));
      PublishedWeights weights = publisher.publish(0, policy.model());
      List<PromptTask> tasks = context.data().train().tasks().subList(0, 8);
      List<RolloutGroup> undisturbed = context.rollout().run("undisturbed", tasks,
          context.jobFor(config).at(3), weights);
      List<RolloutGroup> retried = context.rollout().run("executor killed", tasks,
          context.jobFor(killing).at(3), weights);
      assertThat(retried).hasSize(8);
      for (int i = 0; i < 8; i++) {
        assertThat(retried.get(i).sameSamples(undisturbed.get(i))).as("group %d", i).isTrue();
      }
      SparkEvents.drain(context.spark().sparkContext());
      assertThat(events.removedExecutors()).singleElement().asString().contains("137");
      assertThat(events.failedTasks()).singleElement().asString()
          .startsWith("partition 0 attempt 0");
    }
  }
}
