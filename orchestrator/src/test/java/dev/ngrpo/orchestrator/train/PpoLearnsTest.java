package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PPO learns on the default task (conf/local.conf: the warm-started 0.8M model, two-digit
 * arithmetic, 400 held-out problems): 20 steps raise held-out accuracy, and the critic comes to
 * explain part of the returns.
 */
class PpoLearnsTest {
  @TempDir
  Path dir;

  @Test
  void ppoRaisesHeldOutAccuracyAndItsCriticExplainsTheReturns() throws Exception {
    RunConfig config = RunConfig.load(new File("../conf/local.conf"), List.of(
        "ngrpo.learner.preset=ppo", "ngrpo.run.steps=20", "ngrpo.eval.every=20",
        "ngrpo.spark.master=local[2]", "ngrpo.spark.conf.\"spark.ui.enabled\"=false",
        "ngrpo.run.output=" + dir.resolve("run").toUri()));
    RunSummary summary = TestRuns.train(config, false, new ArrayList<>());
    // 400 problems: a standard error of about 2.5 points; the run gains far more than 10
    assertThat(summary.accuracyAfter()).isGreaterThan(summary.accuracyBeforeRl() + 0.1);
    List<JsonNode> steps = RunLog.records(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(dir.resolve("run").toUri()), RunLog.METRICS);
    assertThat(steps.get(0).get(MetricNames.EXPLAINED_VARIANCE).asDouble()).isZero();
    double late = steps.subList(15, 20).stream()
        .mapToDouble(s -> s.get(MetricNames.EXPLAINED_VARIANCE).asDouble()).average().orElseThrow();
    assertThat(late).as("mean explained variance of the last 5 steps").isGreaterThan(0.05);
  }
}
