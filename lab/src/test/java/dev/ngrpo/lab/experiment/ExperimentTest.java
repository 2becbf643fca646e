package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment pipeline end to end on a tiny model (what `experiment --quick` checks). */
class ExperimentTest {
  @TempDir
  Path dir;

  private static final String METHODS = """
      ngrpo.experiment {
        methods = [
          { name = ngrpo, preset = ngrpo }
          { name = grpo, preset = grpo }
          { name = ngrpo-symmetric-clip, preset = ngrpo,
            algorithm { clip-low = 0.2, clip-high = 0.2 } }
        ]
        seeds = [3, 4]
        curve-every = 1
        base-composition { prompts = 8, group-size = 4 }
        final-eval { samples = 4, temperature = 1.0, pass-k = [1, 2, 4] }
      }
      ngrpo.run.steps = 2
      """;

  @Test
  void everyMethodRunsForEverySeedFromOneBaseAndTheReportIsWritten() throws Exception {
    RunConfig config = TestRuns.config(dir.resolve("exp"), METHODS);
    List<String> console = new ArrayList<>();
    ExperimentReport report = new Experiment(config,
        ExperimentSettings.from(config.resolved()), console::add).run();
    assertThat(report.runs()).extracting(r -> r.method() + "/" + r.seed()).containsExactly(
        "ngrpo/3", "grpo/3", "ngrpo-symmetric-clip/3", "ngrpo/4", "grpo/4",
        "ngrpo-symmetric-clip/4");
    assertThat(console).anyMatch(l -> l.startsWith("base model: groups of 4 on 8 training"));
    for (RunResult r : report.runs()) {
      // the base, then steps 1 and 2
      assertThat(r.greedyCurve()).extracting(p -> p[0]).containsExactly(0.0, 1.0, 2.0);
      assertThat(r.steps()).hasSize(2);
      assertThat(r.finalEval().samples()).isEqualTo(4);
      assertThat(r.finalEval().passAtK()).containsOnlyKeys(1, 2, 4);
      // pass@1 is the mean per-sample accuracy (unbiased estimator with k = 1)
      assertThat(r.finalEval().passAtK().get(1)).isCloseTo(r.finalEval().accuracy(),
          within(1e-9));
    }
    // every run starts from the same base: the curves' first points agree
    assertThat(report.runs()).extracting(r -> r.greedyCurve().get(0)[1]).containsOnly(
        report.base().greedyAccuracy());
    Path out = dir.resolve("exp");
    assertThat(out.resolve("base/model.safetensors")).exists();
    assertThat(Files.readString(out.resolve("results.md"))).contains("| ngrpo |",
        "| grpo |", "Difference of final accuracy to ngrpo", "95% t-interval over 2 seeds");
    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(json.get("runs")).hasSize(6);
    for (String plot : List.of("heldout-accuracy", "all-wrong-fraction", "entropy",
        "response-length", "clip-fraction-positive", "clip-fraction-negative")) {
      assertThat(out.resolve("plots/" + plot + ".png")).exists();
    }
  }

  @Test
  void sameSeedSameMethodGivesTheSameRunInAnExperiment() throws Exception {
    RunConfig config = TestRuns.config(dir.resolve("exp"), METHODS
        + "\nngrpo.experiment.seeds = [5]");
    ExperimentSettings s = ExperimentSettings.from(config.resolved());
    ExperimentSettings twice = new ExperimentSettings(s.methods(), List.of(5L, 6L),
        s.curveEvery(), s.compositionPrompts(), s.compositionGroupSize(), s.finalEval());
    ExperimentReport a = new Experiment(config, twice, line -> { }).run();
    ExperimentReport b = new Experiment(TestRuns.config(dir.resolve("exp2"), METHODS),
        twice, line -> { }).run();
    for (int i = 0; i < a.runs().size(); i++) {
      assertThat(b.runs().get(i).finalEval().accuracy())
          .isEqualTo(a.runs().get(i).finalEval().accuracy());
      assertThat(b.runs().get(i).steps().get(1)).isEqualTo(a.runs().get(i).steps().get(1));
    }
  }

  @Test
  void badMethodsAreNamed() {
    assertThatThrownBy(() -> ExperimentSettings.from(TestRuns.config(dir, """
        ngrpo.experiment.methods = [ { name = x, preset = nope } ]""").resolved()))
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> ExperimentSettings.from(TestRuns.config(dir, """
        ngrpo.experiment.methods = [ { preset = grpo } ]""").resolved()))
        .hasMessageContaining("methods[0]").hasMessageContaining("name");
    assertThatThrownBy(() -> ExperimentSettings.from(TestRuns.config(dir, """
        ngrpo.experiment.methods = [ { name = a, preset = grpo, algorithm.clip-hgh = 1 } ]""")
        .resolved())).hasMessageContaining("clip-hgh");
  }

  @Test
  void confidenceIntervalsUseStudentsT() {
    // d = 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.303, half width 4.303 / sqrt(3) = 2.484
    double[] ci = Statistics.interval95(new double[] {1, 2, 3});
    assertThat(ci[0]).isCloseTo(2 - 2.48434, within(1e-4));
    assertThat(ci[1]).isCloseTo(2 + 2.48434, within(1e-4));
    assertThat(Statistics.t975(4)).isEqualTo(2.776);
    assertThat(Statistics.t975(100)).isEqualTo(1.96);
  }

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheTwoAndLeavesItsInputAlone() {
    double[] odd = {3, 1, 2};
    assertThat(Statistics.median(odd)).isEqualTo(2);
    assertThat(odd).containsExactly(3, 1, 2);
    assertThat(Statistics.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }
}
