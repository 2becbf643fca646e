package dev.ngrpo.lab.experiment;

import dev.ngrpo.orchestrator.train.EvalResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code results.md}: take-off and final accuracy per method, paired differences to the
 * reference with Holm-corrected p-values, what each method generated, every run, and links to
 * the plots. The wording says what each number can support: intervals are 95%, the correction
 * is named, and a difference whose corrected p-value is not below {@link Comparison#ALPHA} is
 * labelled "not significant after Holm" whatever the sign of its mean.
 */
final class ReportTables {
  private final ExperimentReport report;
  private final ExperimentSettings settings;
  private final List<Integer> ks;
  private final StringBuilder md = new StringBuilder();

  ReportTables(ExperimentReport report) {
    this.report = report;
    this.settings = report.settings();
    this.ks = settings.finalEval().passK();
  }

  String markdown() {
    line("%s", report.base().describe());
    int seeds = settings.seeds().size();
    if (seeds < 2) {
      line("%nWith %d seed there is no spread over seeds: every interval, t, p and Holm p below"
          + " is NaN, and no difference is called significant.", seeds);
    }
    takeOff();
    differences();
    compute();
    everyRun();
    curves();
    line("%nWall time of this invocation of the experiment: %.1f minutes; the %d runs' own"
        + " times (training and evaluations, in whichever invocation trained them) add up to"
        + " %.1f minutes.", report.seconds() / 60, report.runs().size(),
        report.runs().stream().mapToDouble(RunResult::seconds).sum() / 60);
    return md.toString();
  }

  private void takeOff() {
    EvalResult base = report.base().sampled();
    line("%n## Take-off and final accuracy%n");
    line("A run took off at the first evaluated step (greedy held-out accuracy, every %s)"
        + " from which its accuracy stayed above the base model's %.3f + %.2f = %.3f at every"
        + " later evaluation; \"never\" when it did not. \"took off\" counts seeds, with a 95%%"
        + " Wilson score interval of the fraction. Final accuracy: the final evaluation (%d"
        + " samples per held-out problem at temperature %s), mean over seeds with a 95%%"
        + " Student-t interval; pass@k: mean ± sd over seeds.%n",
        count(settings.curveEvery(), "step"), report.base().greedyAccuracy(),
        settings.takeOffMargin(), report.takeOffLine(), settings.finalEval().samples(),
        settings.finalEval().temperature());
    md.append("| method | steps | took off | 95% Wilson CI | take-off step per seed"
        + " | final accuracy | 95% t CI |");
    ks.forEach(k -> md.append(" pass@").append(k).append(" |"));
    md.append('\n').append("|---".repeat(7 + ks.size())).append("|\n");
    md.append(String.format(Locale.ROOT, "| base model | 0 | | | | %.3f | |", base.accuracy()));
    ks.forEach(k -> md.append(String.format(Locale.ROOT, " %.3f |", base.passAtK().get(k))));
    md.append('\n');
    for (MethodSummary s : report.summaries()) {
      List<String> steps = new ArrayList<>();
      report.of(s.method()).forEach(r -> steps.add(step(r.takeOffStep())));
      md.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | [%.3f, %.3f] | %s | %.3f |"
          + " [%.3f, %.3f] |", s.method(), whole(s.steps()), s.tookOff(), s.seeds(),
          s.tookOffLow(), s.tookOffHigh(), String.join(", ", steps), s.accuracy(),
          s.accuracyLow(), s.accuracyHigh()));
      ks.forEach(k -> md.append(String.format(Locale.ROOT, " %.3f ± %.3f |", s.passAtK().get(k),
          s.passAtKSd().get(k))));
      md.append('\n');
    }
  }

  private void differences() {
    List<Comparison> comparisons = report.comparisons();
    line("%n## Differences to %s%n", settings.reference());
    if (comparisons.isEmpty()) {
      line("Only one method: nothing to compare.");
      return;
    }
    int seeds = settings.seeds().size();
    line("Final accuracy minus %s's, paired by seed (seed s gave both the same data order and"
        + " rollout seeds), over %s: the mean with a 95%% Student-t interval and a two-sided"
        + " paired t-test (%s). Multiple comparisons: the %s adjusted together with Holm's"
        + " step-down method, so the chance of any false \"significant\" among them is at most"
        + " alpha = %.2f. A difference whose Holm p is %.2f or more is not evidence of a"
        + " difference in either direction.%n", settings.reference(), count(seeds, "seed"),
        count(seeds - 1, "degree") + " of freedom", comparisons.size() == 1 ? "p-value is"
        : comparisons.size() + " p-values are", Comparison.ALPHA, Comparison.ALPHA);
    line("| method | mean difference | 95%% t CI | t | p | Holm p | at alpha = %.2f |",
        Comparison.ALPHA);
    line("|---|---|---|---|---|---|---|");
    for (Comparison c : comparisons) {
      PairedDifference d = c.difference();
      line("| %s | %+.3f | [%+.3f, %+.3f] | %s | %s | %s | %s |", c.method(), d.mean(), d.low(),
          d.high(), statistic(d.t()), p(d.p()), p(c.holmP()), verdict(c));
    }
  }

  private void compute() {
    MethodSummary reference = report.summaries().stream()
        .filter(s -> s.method().equals(settings.reference())).findFirst().orElseThrow();
    line("%n## Compute%n");
    line("What each method generated per run, mean over seeds: groups (every rollout round,"
        + " the groups a filter dropped and refilled included) and response tokens (the steps'"
        + " `rollout.tokens`). A method that generates more per step, such as DAPO refilling"
        + " the groups it drops, is compared at equal generated tokens through a copy that"
        + " stops once it has generated another method's tokens of the same seed (a method"
        + " entry's `tokens-of`) or at fewer steps (`steps`): read its row against %s's at a"
        + " similar token count.%n", settings.reference());
    line("| method | steps | groups generated | response tokens generated | tokens / %s's"
        + " | final accuracy |", settings.reference());
    line("|---|---|---|---|---|---|");
    for (MethodSummary s : report.summaries()) {
      line("| %s | %s | %.1f | %.0f | %.2f | %.3f |", s.method(), whole(s.steps()),
          s.generatedGroups(), s.generatedTokens(),
          s.generatedTokens() / reference.generatedTokens(), s.accuracy());
    }
  }

  private void everyRun() {
    line("%n## Every run%n");
    md.append("| method | seed | steps | took off at | doubled at | accuracy |");
    ks.forEach(k -> md.append(" pass@").append(k).append(" |"));
    md.append(" groups generated | tokens generated | seconds |\n");
    md.append("|---".repeat(9 + ks.size())).append("|\n");
    for (RunResult r : report.runs()) {
      EvalResult e = r.finalEval();
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %.3f |", r.method(),
          r.seed(), r.steps().size(), step(r.takeOffStep()), step(r.doublingStep()),
          e.accuracy()));
      ks.forEach(k -> md.append(String.format(Locale.ROOT, " %.3f |", e.passAtK().get(k))));
      md.append(String.format(Locale.ROOT, " %d | %d | %.0f |%n", r.generatedGroups(),
          r.generatedTokens(), r.seconds()));
    }
  }

  private void curves() {
    line("%n## Curves%n");
    line("Means over seeds, one line per method:%n");
    line("![greedy held-out accuracy](plots/%s)", ReportPlots.HELDOUT);
    for (int c = 1; c < RunResult.STEP_PLOTS.size(); c++) {
      line("![%s](plots/%s.png)", RunResult.STEP_COLUMNS.get(c), RunResult.STEP_PLOTS.get(c));
    }
    line("%nEvery seed, one chart per method (the dashed line in the accuracy charts is the"
        + " take-off line, %.3f), so a method whose seeds split between take-off and stall"
        + " shows as such:%n", report.takeOffLine());
    line("| method | greedy held-out accuracy | all-wrong fraction |");
    line("|---|---|---|");
    for (String m : settings.names()) {
      line("| %s | ![%s accuracy per seed](plots/%s) | ![%s all-wrong fraction per seed]"
          + "(plots/%s) |", m, m, ReportPlots.perSeed(m, ReportPlots.HELDOUT), m,
          ReportPlots.perSeed(m, ReportPlots.ALL_WRONG));
    }
  }

  private static String verdict(Comparison c) {
    if (Double.isNaN(c.holmP())) {
      return "untested (fewer than 2 seeds)";
    }
    return c.significant() ? "significant after Holm" : "not significant after Holm";
  }

  /** {@code n} and {@code noun}, plural unless n is 1. */
  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String step(long step) {
    return step < 0 ? "never" : Long.toString(step);
  }

  /** Steps as a whole number, or with a decimal when seeds ran different numbers of steps. */
  private static String whole(double steps) {
    return steps == Math.rint(steps) ? Long.toString((long) steps)
        : String.format(Locale.ROOT, "%.1f", steps);
  }

  private static String statistic(double t) {
    return Double.isInfinite(t) ? (t > 0 ? "+inf" : "-inf")
        : String.format(Locale.ROOT, "%.2f", t);
  }

  private static String p(double p) {
    return p < 1e-4 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", p);
  }

  private void line(String format, Object... args) {
    md.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
