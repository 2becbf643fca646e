package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.core.data.Grading;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.EvalSettings;
import dev.ngrpo.orchestrator.metrics.RunLog;
import dev.ngrpo.orchestrator.spark.FailingVerifiers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verifier that throws is no verdict: its groups sit out the update and are counted, and past
 * {@code ngrpo.verifier.max-ungraded-fraction} the run stops before learning from the step.
 */
class UngradedResponsesTest {
  private static final String THROWS_ON_SEVENS = FailingVerifiers.ThrowsOnSevens.class.getName();

  @TempDir
  Path dir;

  @Test
  void groupsTheVerifierCouldNotGradeAreCountedAndLeftOut() throws Exception {
    Path out = dir.resolve("tolerant");
    TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 2, ngrpo.eval.every = 0,"
        + " ngrpo.verifier { name = \"" + THROWS_ON_SEVENS + "\","
        + " max-ungraded-fraction = 1 }"), false, new ArrayList<>());
    List<JsonNode> steps = RunLog.records(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(out.toUri()), RunLog.METRICS);
    long ungradedGroups = 0;
    for (JsonNode s : steps) {
      int groups = s.get(MetricNames.GROUPS_UNGRADED).asInt();
      ungradedGroups += groups;
      // the verifier throws by reference, so every response of such a group is ungraded (G = 4)
      assertThat(s.get(MetricNames.VERIFIER_UNGRADED).asInt()).isEqualTo(4 * groups);
      // they are dropped before the batch is filled, and never trained on
      assertThat(s.get(MetricNames.GROUPS_TRAINED).asInt())
          .isLessThanOrEqualTo(s.get(MetricNames.GROUPS_GENERATED).asInt() - groups);
    }
    assertThat(ungradedGroups).as("references divisible by 7 in two steps").isPositive();
  }

  @Test
  void aVerifierFailingOnMoreThanTheLimitStopsTheRunNamingItAndAnExample() {
    // references divisible by 7 are well over 5% of the easy level's answers
    assertThatThrownBy(() -> TestRuns.train(TestRuns.config(dir.resolve("strict"),
        "ngrpo.run.steps = 3, ngrpo.verifier.name = \"" + THROWS_ON_SEVENS + "\""), false,
        new ArrayList<>()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("verifier '" + THROWS_ON_SEVENS + "' could not grade")
        .hasMessageContaining("more than ngrpo.verifier.max-ungraded-fraction = 0.05")
        .hasMessageContaining("nothing was learned from this step")
        .hasMessageMatching("(?s).*For example prompt arithmetic:\\S+ \\(reference '\\d+'\\):"
            + " response '.*': java.lang.IllegalStateException: cannot judge reference \\d+.*");
  }

  @Test
  void evaluationLeavesOutPromptsTheVerifierCouldNotGrade() {
    // G = 2: a is half right, b could not be graded (its 1s are not verdicts), c is all wrong
    List<RolloutGroup> groups = List.of(group("a", new float[] {1, 0}, Grading.ALL_GRADED),
        group("b", new float[] {1, 1}, new Grading(0, 1, 0, Grading.note("x", "time-out"))),
        group("c", new float[] {0, 0}, Grading.ALL_GRADED));
    EvalResult r = Evaluator.summarize("after", 3, groups,
        new EvalSettings(0, "", 3, 2, 0f, 1f, List.of(1)), 0.5);
    assertThat(r.prompts()).isEqualTo(2);
    assertThat(r.ungraded()).isEqualTo(1);
    // 1 full score of the 4 graded samples; pass@1 = mean of 1/2 and 0
    assertThat(r.accuracy()).isEqualTo(0.25);
    assertThat(r.passAtK()).containsEntry(1, 0.25);
  }

  private static RolloutGroup group(String id, float[] scores, Grading grading) {
    return new RolloutGroup(id, 0, "t", new int[] {1}, 0, new int[][] {{2}, {3}},
        new float[][] {{-1f}, {-1f}}, scores, new boolean[2], 0, 0, grading);
  }
}
