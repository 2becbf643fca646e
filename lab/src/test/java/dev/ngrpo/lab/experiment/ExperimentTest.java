package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.RunLog;
import dev.ngrpo.orchestrator.train.EvalResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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
          { name = ngrpo-symmetric-clip, preset = ngrpo, steps = 1,
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
      // the base, then steps 1 and 2; the capped method stops after step 1
      boolean capped = r.method().equals("ngrpo-symmetric-clip");
      assertThat(r.greedyCurve()).extracting(p -> p[0]).containsExactlyElementsOf(
          capped ? List.of(0.0, 1.0) : List.of(0.0, 1.0, 2.0));
      assertThat(r.steps()).hasSize(capped ? 1 : 2);
      assertThat(r.finalEval().samples()).isEqualTo(4);
      assertThat(r.finalEval().passAtK()).containsOnlyKeys(1, 2, 4);
      // pass@1 is the mean per-sample accuracy (unbiased estimator with k = 1)
      assertThat(r.finalEval().passAtK().get(1)).isCloseTo(r.finalEval().accuracy(),
          within(1e-9));
      // at least B = 4 groups of G = 4 responses of 1 to 4 tokens per step; GRPO filters
      // nothing, so exactly 4 groups per step
      int steps = r.steps().size();
      assertThat(r.generatedGroups()).isGreaterThanOrEqualTo(4L * steps);
      assertThat(r.generatedTokens()).isBetween(r.generatedGroups() * 4,
          r.generatedGroups() * 16);
      if (r.method().equals("grpo")) {
        assertThat(r.generatedGroups()).isEqualTo(4L * steps);
      }
    }
    // every run starts from the same base: the curves' first points agree
    assertThat(report.runs()).extracting(r -> r.greedyCurve().get(0)[1]).containsOnly(
        report.base().greedyAccuracy());
    Path out = dir.resolve("exp");
    assertThat(out.resolve("base/model.safetensors")).exists();
    // the reference is the first method listed when none is set
    assertThat(Files.readString(out.resolve("results.md"))).contains("| ngrpo |",
        "| grpo |", "## Differences to ngrpo", "over 2 seeds", "## Compute");
    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(json.get("runs")).hasSize(6);
    assertThat(json.get("reference").asText()).isEqualTo("ngrpo");
    assertThat(json.get("comparisons")).extracting(c -> c.get("method").asText())
        .containsExactly("grpo", "ngrpo-symmetric-clip");
    assertThat(json.get("methods").get(2).get("steps").asDouble()).isEqualTo(1.0);
    for (String plot : List.of("heldout-accuracy", "all-wrong-fraction", "entropy",
        "response-length", "clip-fraction-positive", "clip-fraction-negative",
        "seeds/grpo-heldout-accuracy", "seeds/grpo-all-wrong-fraction")) {
      assertThat(out.resolve("plots/" + plot + ".png")).exists();
    }
  }

  @Test
  void sameSeedSameMethodGivesTheSameRunInAnExperiment() throws Exception {
    RunConfig config = TestRuns.config(dir.resolve("exp"), METHODS
        + "\nngrpo.experiment.seeds = [5]");
    ExperimentSettings s = ExperimentSettings.from(config.resolved());
    ExperimentSettings twice = s.withSeeds(List.of(5L, 6L));
    ExperimentReport a = new Experiment(config, twice, line -> { }).run();
    ExperimentReport b = new Experiment(TestRuns.config(dir.resolve("exp2"), METHODS),
        twice, line -> { }).run();
    for (int i = 0; i < a.runs().size(); i++) {
      assertThat(b.runs().get(i).finalEval().accuracy())
          .isEqualTo(a.runs().get(i).finalEval().accuracy());
      List<double[]> steps = a.runs().get(i).steps();
      assertThat(b.runs().get(i).steps()).hasSameSizeAs(steps);
      assertThat(b.runs().get(i).steps().get(steps.size() - 1))
          .isEqualTo(steps.get(steps.size() - 1));
      assertThat(b.runs().get(i).generatedTokens()).isEqualTo(a.runs().get(i).generatedTokens());
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
    assertThatThrownBy(() -> ExperimentSettings.from(TestRuns.config(dir, """
        ngrpo.experiment.methods = [ { name = "a/b", preset = grpo } ]""").resolved()))
        .hasMessageContaining("ngrpo.experiment.methods[0].name").hasMessageContaining("a/b");
    assertThatThrownBy(() -> ExperimentSettings.from(TestRuns.config(dir, """
        ngrpo.experiment.methods = [ { name = a, preset = grpo, steps = 0 } ]""").resolved()))
        .hasMessageContaining("ngrpo.experiment.methods[0].steps").hasMessageContaining("got 0");
    assertThatThrownBy(() -> ExperimentSettings.from(TestRuns.config(dir, """
        ngrpo.experiment.methods = [ { name = a, preset = grpo } ]
        ngrpo.experiment.reference = grpo""").resolved()))
        .hasMessageContaining("ngrpo.experiment.reference").hasMessageContaining("[a]");
  }

  @Test
  void theReferenceIsTheFirstMethodUnlessSetAndAMethodsStepsOnlyCap() {
    ExperimentSettings first = ExperimentSettings.from(TestRuns.config(dir, METHODS)
        .resolved());
    assertThat(first.reference()).isEqualTo("ngrpo");
    assertThat(first.takeOffMargin()).isEqualTo(0.10);
    ExperimentSettings grpo = ExperimentSettings.from(TestRuns.config(dir, METHODS
        + "\nngrpo.experiment.reference = grpo").resolved());
    assertThat(grpo.reference()).isEqualTo("grpo");
    ExperimentMethod capped = first.methods().get(2);
    assertThat(capped.steps()).hasValue(1);
    assertThat(capped.stepsWithin(80)).isEqualTo(1);
    assertThat(first.methods().get(0).stepsWithin(80)).isEqualTo(80);
    // a cap above the run's steps leaves the run's
    assertThat(new ExperimentMethod("x", capped.learner(), OptionalInt.of(150))
        .stepsWithin(3)).isEqualTo(3);
    // the learner keys leave the name and the steps out
    assertThat(capped.learner().hasPath("steps")).isFalse();
    assertThat(capped.learner().getDouble("algorithm.clip-low")).isEqualTo(0.2);
  }

  @Test
  void anotherInvocationReusesTheFinishedRunsAndTrainsOnlyWhatItsSettingsChange()
      throws Exception {
    String twoMethods = """
        ngrpo.experiment {
          methods = [ { name = ngrpo, preset = ngrpo }, { name = grpo, preset = grpo } ]
          seeds = [3]
          curve-every = 1
          base-composition { prompts = 8, group-size = 4 }
          final-eval { samples = 2, pass-k = [1, 2] }
        }
        ngrpo.run.steps = 2
        """;
    RunConfig config = TestRuns.config(dir.resolve("exp"), twoMethods);
    ExperimentReport first = new Experiment(config, ExperimentSettings.from(config.resolved()),
        line -> { }).run();
    List<String> console = new ArrayList<>();
    ExperimentReport again = new Experiment(config, ExperimentSettings.from(config.resolved()),
        console::add).run();
    assertThat(console).anyMatch(l -> l.startsWith("base model: reusing file:")
        && l.endsWith(dir.resolve("exp/base").toString()));
    assertThat(console).filteredOn(l -> l.contains("reusing the finished run")).hasSize(2);
    assertThat(console).noneMatch(l -> l.contains("final: accuracy"));
    for (int i = 0; i < 2; i++) {
      RunResult a = first.runs().get(i);
      RunResult b = again.runs().get(i);
      assertThat(b.finalEval()).isEqualTo(a.finalEval());
      assertThat(b.greedyCurve()).usingRecursiveFieldByFieldElementComparator()
          .containsExactlyElementsOf(a.greedyCurve());
      assertThat(b.steps().get(1)).isEqualTo(a.steps().get(1));
      assertThat(b.generatedTokens()).isEqualTo(a.generatedTokens());
      assertThat(b.takeOffStep()).isEqualTo(a.takeOffStep());
    }

    // a changed learning rate for grpo trains grpo again, and only grpo
    RunConfig changed = TestRuns.config(dir.resolve("exp"), twoMethods
        .replace("{ name = grpo, preset = grpo }",
            "{ name = grpo, preset = grpo, optimizer.lr = 3e-3 }"));
    console.clear();
    new Experiment(changed, ExperimentSettings.from(changed.resolved()), console::add).run();
    assertThat(console).filteredOn(l -> l.contains("reusing the finished run"))
        .singleElement().asString().startsWith("[ngrpo seed 3]");
    assertThat(console).anyMatch(l -> l.startsWith("[grpo seed 3] training again"))
        .anyMatch(l -> l.startsWith("[grpo seed 3] final: accuracy"));

    // a base model warm-started with other settings is refused, not reused
    RunConfig otherBase = TestRuns.config(dir.resolve("exp"), twoMethods
        + "\nngrpo.sft.steps = 4");
    assertThatThrownBy(() -> new Experiment(otherBase,
        ExperimentSettings.from(otherBase.resolved()), line -> { }).run())
        .hasMessageContaining(dir.resolve("exp/base").toString())
        .hasMessageContaining("ngrpo.sft").hasMessageContaining("ngrpo.run.output");
  }

  @Test
  void aPlateauEndsARunWhereThePlateauRuleSaysOnItsOwnCurve() throws Exception {
    RunConfig config = TestRuns.config(dir.resolve("exp"), METHODS + """
        ngrpo.experiment.seeds = [3]
        ngrpo.experiment.plateau-steps = 1
        ngrpo.run.steps = 4
        """);
    ExperimentReport report = new Experiment(config, ExperimentSettings.from(
        config.resolved()), line -> { }).run();
    for (RunResult r : report.runs()) {
      int cap = r.method().equals("ngrpo-symmetric-clip") ? 1 : 4;
      Plateau rule = new Plateau(1, report.base().greedyAccuracy());
      long expected = cap;
      for (double[] point : r.greedyCurve().subList(1, r.greedyCurve().size())) {
        EvalResult e = new EvalResult("", (long) point[0], 8, 0, 1, point[1], point[1],
            java.util.Map.of(1, point[1]), 0);
        if (rule.after(e).isPresent()) {
          expected = (long) point[0];
          break;
        }
      }
      assertThat(r.steps()).as(r.method()).hasSize((int) Math.min(expected, cap));
      assertThat((long) r.greedyCurve().get(r.greedyCurve().size() - 1)[0])
          .isEqualTo(r.steps().size());
    }
  }

  @Test
  void aMethodWithTokensOfStopsOnceItHasGeneratedTheOtherMethodsTokensOfItsSeed()
      throws Exception {
    RunConfig config = TestRuns.config(dir.resolve("exp"), """
        ngrpo.experiment {
          methods = [
            { name = grpo, preset = grpo }
            { name = dapo-matched, preset = dapo, tokens-of = grpo }
          ]
          seeds = [3]
          curve-every = 2
          base-composition { prompts = 8, group-size = 4 }
          final-eval { samples = 2, pass-k = [1, 2] }
        }
        ngrpo.run.steps = 3
        """);
    ExperimentReport report = new Experiment(config, ExperimentSettings.from(
        config.resolved()), line -> { }).run();
    long budget = report.runs().get(0).generatedTokens();
    RunResult matched = report.runs().get(1);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    List<Long> tokens = new ArrayList<>();
    for (JsonNode m : RunLog.records(fs, new org.apache.hadoop.fs.Path(
        dir.resolve("exp/runs/dapo-matched/seed-3").toUri()), RunLog.METRICS)) {
      tokens.add(m.get(MetricNames.ROLLOUT_TOKENS).asLong());
    }
    long all = tokens.stream().mapToLong(Long::longValue).sum();
    long beforeLast = all - tokens.get(tokens.size() - 1);
    assertThat(matched.generatedTokens()).isEqualTo(all);
    // it ran until the step that reached the budget, or all 3 steps below it
    assertThat(beforeLast).isLessThan(budget);
    assertThat(all >= budget || tokens.size() == 3).isTrue();
    assertThat(matched.steps()).hasSize(tokens.size());

    assertThatThrownBy(() -> ExperimentSettings.from(TestRuns.config(dir, """
        ngrpo.experiment.methods = [
          { name = a, preset = dapo, tokens-of = b }, { name = b, preset = grpo } ]""")
        .resolved())).hasMessageContaining("ngrpo.experiment.methods[0].tokens-of")
        .hasMessageContaining("got 'b'");
  }
}
