package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.StartingPolicy;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rollout tasks that fail: Spark retries them, and the seeds make the retry identical. */
class RolloutFaultsTest {
  @TempDir
  Path dir;

  private final List<String> failedTasks = new ArrayList<>();

  private List<RolloutGroup> rollOut(String verifier) throws Exception {
    RunConfig config = TestRuns.config(dir.resolve(verifier.replace('$', '-')),
        "ngrpo.verifier.name = \"" + verifier + "\", ngrpo.spark.master = \"local[2,2]\"");
    try (RunContext context = RunContext.open(config);
        StartingPolicy policy = StartingPolicy.create(config.model(), ai.djl.Device.cpu(),
            context.hadoop());
        WeightsPublisher publisher = context.newPublisher()) {
      SparkEvents events = SparkEvents.on(context.spark().sparkContext());
      try {
        return context.rollout().run("test rollout",
            context.data().train().tasks().subList(0, 6),
            context.job().at(3), publisher.publish(0, policy.model()));
      } finally {
        SparkEvents.drain(context.spark().sparkContext());
        failedTasks.addAll(events.failedTasks());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(classes = {FailingVerifiers.FirstAttempt.class,
      FailingVerifiers.FirstAttemptBuild.class})
  void aRetriedTaskReturnsTheSameGroupsAsAnUndisturbedRun(Class<?> failing) throws Exception {
    // an error while verifying, or an ordinary exception while the task sets up its verifier
    List<RolloutGroup> undisturbed = rollOut("arithmetic");
    assertThat(failedTasks).isEmpty();
    List<RolloutGroup> retried = rollOut(failing.getName());
    assertThat(failedTasks).hasSize(2).allMatch(f -> f.contains("attempt 0")
        && f.contains("injected failure of the first attempt"));
    assertThat(retried).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(retried.get(i).sameSamples(undisturbed.get(i))).as("group %d", i).isTrue();
    }
  }

  @Test
  void aTaskFailingEveryAttemptStopsTheStepNamingItLeavesTheCheckpointAndResumeWorks() throws Exception {
    Path out = dir.resolve("run");
    TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 1"), false, new ArrayList<>());
    Path checkpoint = out.resolve("checkpoints/step-00000000");
    byte[] before = Files.readAllBytes(checkpoint.resolve("model/model.safetensors"));
    RunConfig failing = TestRuns.config(out, "ngrpo.run.steps = 2, ngrpo.verifier.name = \""
        + FailingVerifiers.Always.class.getName() + "\"");
    // another verifier changes what the run means: the resume must allow it by name
    assertThatThrownBy(() -> TrainingLoop.train(failing, true, List.of("ngrpo.verifier.name"),
        line -> { }))
        .hasMessageContaining("step 1: rollout failed after Spark's retries")
        .hasMessageContaining("failed 2 times")
        .hasMessageContaining("injected failure of every attempt");
    assertThat(Files.readAllBytes(checkpoint.resolve("model/model.safetensors"))).isEqualTo(before);
    assertThat(checkpoint.resolve("_COMPLETE")).exists();
    try (var list = Files.list(out.resolve("checkpoints"))) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("step-00000000");
    }
    // the cause removed, the run resumes from the untouched checkpoint and finishes
    assertThat(TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 2"), true,
        new ArrayList<>()).stepsDone()).isEqualTo(1);
    assertThat(out.resolve("checkpoints/step-00000001/_COMPLETE")).exists();
  }
}
