package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop rule ends a run after an evaluation, with a checkpoint of its last step. */
class StopRuleTest {
  @TempDir
  Path dir;

  @Test
  void aRuleEndsTheRunAfterTheEvaluationItRulesOnAndCheckpointsThatStep() throws Exception {
    Path out = dir.resolve("run");
    // evaluations after steps 2, 4 and 6; checkpoints only when a run ends early or finishes
    RunConfig config = TestRuns.config(out, "ngrpo.run.steps = 6\nngrpo.checkpoint.every = 0");
    List<Long> ruledOn = new ArrayList<>();
    TrainingLoop.StopRule rule = eval -> {
      ruledOn.add(eval.step());
      return eval.step() >= 4 ? Optional.of("enough") : Optional.empty();
    };
    List<String> console = new ArrayList<>();
    RunSummary summary;
    try (RunOutput output = RunOutput.claim(config, false, List.of());
        RunContext context = RunContext.open(config);
        TrainingRun run = TrainingRun.open(context, config, output, console::add)) {
      summary = new TrainingLoop(run, console::add, rule).run();
    }
    assertThat(ruledOn).containsExactly(2L, 4L);
    assertThat(summary.stepsDone()).isEqualTo(4);
    // a rule's stop is an end, not an interruption
    assertThat(summary.terminated()).isFalse();
    assertThat(console).contains("stopped after step 4/6: enough");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    List<JsonNode> steps = RunLog.records(fs, new org.apache.hadoop.fs.Path(out.toUri()),
        RunLog.METRICS);
    assertThat(steps).extracting(n -> n.get("step").asLong()).containsExactly(0L, 1L, 2L, 3L);
    try (var checkpoints = Files.list(out.resolve("checkpoints"))) {
      assertThat(checkpoints.map(p -> p.getFileName().toString()))
          .containsExactly("step-00000003");
    }
  }
}
