package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.orchestrator.TestRuns;
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
}
