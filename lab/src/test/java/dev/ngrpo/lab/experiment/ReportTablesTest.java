package dev.ngrpo.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.ngrpo.learner.filter.GroupComposition;
import dev.ngrpo.orchestrator.config.EvalSettings;
import dev.ngrpo.orchestrator.train.EvalResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** results.md of a made-up experiment, no training: every figure below is derived by hand. */
class ReportTablesTest {
  private static final List<String> METHODS = List.of("ngrpo", "grpo", "dapo", "big");

  /** Final accuracy by method, seeds 1, 2, 3; grpo is the reference. */
  private static final Map<String, double[]> ACCURACY = Map.of("grpo",
      new double[] {0.20, 0.20, 0.30}, "ngrpo", new double[] {0.30, 0.25, 0.40}, "dapo",
      new double[] {0.21, 0.22, 0.33}, "big", new double[] {0.50, 0.51, 0.62});

  private static ExperimentReport report(List<Long> seeds) {
    List<ExperimentMethod> methods = METHODS.stream().map(m -> new ExperimentMethod(m,
        ConfigFactory.empty(), OptionalInt.empty())).toList();
    ExperimentSettings settings = new ExperimentSettings(methods, seeds, 10, 8, 4,
        new EvalSettings(0, "", 0, 4, 1.0f, 1.0f, List.of(1, 2)), "grpo", 0.10, 0);
    // base greedy 0.25: the take-off line is 0.35
    BaseModel base = new BaseModel("base", new GroupComposition(0, 4, 4), 8, 4, 0.25,
        eval(0.125, 0.2));
    List<RunResult> runs = new ArrayList<>();
    for (int i = 0; i < seeds.size(); i++) {
      for (String m : METHODS) {
        double a = ACCURACY.get(m)[i];
        // ngrpo takes off at step 10 with seeds 1 and 2 (0.4, 0.4), stalls with seed 3 (0.3)
        double greedy = m.equals("ngrpo") ? (i < 2 ? 0.4 : 0.3) : 0.3;
        List<double[]> curve = List.of(new double[] {0, 0.25}, new double[] {10, greedy},
            new double[] {20, greedy});
        List<double[]> steps = List.of(new double[] {1, 0.5, 1, 4, 0, 0},
            new double[] {2, 0.5, 1, 4, 0, 0});
        // dapo generates 1.68 times grpo's tokens
        long tokens = m.equals("dapo") ? 1680 : 1000;
        runs.add(new RunResult(m, seeds.get(i), eval(a, 2 * a), curve,
            TakeOff.step(curve, 0.25, 0.10), TakeOff.doublingStep(curve, 0.25), steps, 64,
            tokens, 1));
      }
    }
    return new ExperimentReport(settings, base, runs, 60);
  }

  private static EvalResult eval(double accuracy, double passAt2) {
    return new EvalResult("final", 2, 16, 0, 4, accuracy, accuracy,
        Map.of(1, accuracy, 2, passAt2), 1);
  }

  @Test
  void takeOffFinalAccuracyDifferencesAndCompute() {
    String md = report(List.of(1L, 2L, 3L)).markdown();
    assertThat(md).contains("above the base model's 0.250 + 0.10 = 0.350");
    // ngrpo took off with 2 of 3 seeds: Wilson [0.208, 0.939] (roots of the score test);
    // accuracy mean 0.95 / 3 = 0.317, sd 0.076376, 4.303 x 0.076376 / sqrt 3 = 0.189744
    assertThat(md).contains("| ngrpo | 2 | 2/3 | [0.208, 0.939] | 10, 10, never | 0.317 |"
        + " [0.127, 0.506] | 0.317 ± 0.076 | 0.633 ± 0.153 |");
    // 0 of 3: [0, z^2 / (3 + z^2)] = [0, 0.561]
    assertThat(md).contains("| grpo | 2 | 0/3 | [0.000, 0.561] | never, never, never | 0.233 |");
    assertThat(md).contains("| base model | 0 | | | | 0.125 | | 0.125 | 0.200 |");
    // differences (PairedDifferenceTest): ngrpo t = 5, p = 0.0377; dapo t = 3.46, p = 0.0742;
    // big d = 0.30, 0.31, 0.32: t = 0.31 / (0.01 / sqrt 3) = 53.69, p = 1 - t / sqrt(2 + t^2)
    // = 0.000347; Holm, m = 3: 3 x 0.000347 = 0.0010, 2 x 0.0377 = 0.0755, max(0.0755,
    // 0.0742) = 0.0755
    assertThat(md).contains("Holm's step-down method", "at most alpha = 0.05");
    assertThat(md).contains("| ngrpo | +0.083 | [+0.012, +0.155] | 5.00 | 0.0377 | 0.0755 |"
        + " not significant after Holm |");
    assertThat(md).contains("| dapo | +0.020 | [-0.005, +0.045] | 3.46 | 0.0742 | 0.0755 |"
        + " not significant after Holm |");
    assertThat(md).contains("| big | +0.310 | [+0.285, +0.335] | 53.69 | 0.0003 | 0.0010 |"
        + " significant after Holm |");
    assertThat(md).doesNotContain("| grpo | +0.000");
    // compute: 64 groups and 1000 tokens per run; dapo 1680 = 1.68 x grpo's
    assertThat(md).contains("| dapo | 2 | 64.0 | 1680 | 1.68 | 0.253 |",
        "| grpo | 2 | 64.0 | 1000 | 1.00 | 0.233 |");
    assertThat(md).contains("| ngrpo | 3 | 2 | never | never | 0.400 | 0.400 | 0.800 | 64 |"
        + " 1000 | 1 |");
    assertThat(md).contains("(plots/seeds/ngrpo-heldout-accuracy.png)",
        "(plots/seeds/ngrpo-all-wrong-fraction.png)", "(plots/heldout-accuracy.png)");
  }

  @Test
  void withOneSeedTheReportSaysThereIsNoSpread() {
    String md = report(List.of(1L)).markdown();
    assertThat(md).contains("With 1 seed there is no spread over seeds");
    assertThat(md).contains("| ngrpo | +0.100 | [NaN, NaN] | NaN | NaN | NaN |"
        + " untested (fewer than 2 seeds) |");
    assertThat(md).contains("| ngrpo | 2 | 1/1 | [0.207, 1.000] | 10 | 0.300 | [NaN, NaN] |");
  }
}
