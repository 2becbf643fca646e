package dev.ngrpo.cli;

import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.lab.experiment.Experiment;
import dev.ngrpo.lab.experiment.ExperimentReport;
import dev.ngrpo.lab.experiment.ExperimentSettings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ngrpo experiment}: NGRPO against its baselines and ablations, over seeds. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = {"Trains one base model (warm-started once) with every method of"
        + " ngrpo.experiment.methods and every seed, with the same data order and seeds per"
        + " seed, and evaluates each final model on the held-out split (n samples, pass@k)."
        + " Writes results.md, results.json and plots/ to ngrpo.run.output.",
        "Without CONFIG runs conf/experiment.conf. --quick checks the pipeline: one seed,"
        + " three steps, small evaluations."})
public final class ExperimentCommand implements Callable<Integer> {
  /** What --quick changes: one seed, a few steps, small evaluations. */
  static final List<String> QUICK = List.of("ngrpo.run.steps=3", "ngrpo.sft.steps=20",
      "ngrpo.eval.size=16", "ngrpo.experiment.curve-every=1",
      "ngrpo.experiment.base-composition.prompts=16", "ngrpo.experiment.final-eval.samples=4",
      "ngrpo.experiment.final-eval.pass-k=[1,2,4]");

  @Mixin
  ConfigOptions options;

  @Option(names = "--quick", description = "one seed, three steps: checks the pipeline runs")
  boolean quick;

  @Override
  public Integer call() {
    return Failures.run(() -> {
      RunConfig config = options.load("experiment.conf", quick ? QUICK : List.of());
      ExperimentSettings settings = ExperimentSettings.from(config.resolved());
      if (quick) {
        settings = settings.withSeeds(settings.seeds().subList(0, 1));
      }
      return new Object[] {config, settings};
    }, args -> {
      ExperimentReport report = new Experiment((RunConfig) args[0],
          (ExperimentSettings) args[1], System.out::println).run();
      System.out.println();
      System.out.println(report.markdown());
      return 0;
    });
  }
}
