package dev.ngrpo.cli;

import dev.ngrpo.orchestrator.train.RunSummary;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ngrpo train}: RL fine-tuning with the configured preset on Spark. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a policy with RL on Spark: rollouts on the executors, the learner on"
        + " the driver, weights broadcast back every step. Writes metrics.jsonl, eval.jsonl and"
        + " checkpoints to ngrpo.run.output.",
        "Without CONFIG runs conf/local.conf: embedded local Spark, the built-in arithmetic"
        + " task, a small model warm-started from scratch, then NGRPO."})
public final class TrainCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--resume",
      description = "continue from the newest complete checkpoint in ngrpo.run.output")
  boolean resume;

  @Option(names = "--allow-change", split = ",", paramLabel = "KEY",
      description = "with --resume: accept a change of these keys or sections (e.g."
          + " ngrpo.run.seed,ngrpo.rollout) from the checkpoint's configuration although they"
          + " change what the run means; without it such a resume exits 2 listing each change")
  List<String> allowChange = new ArrayList<>();

  @Override
  public Integer call() {
    return Failures.run(options::load, config -> {
      RunSummary s = TrainingLoop.train(config, resume, allowChange, System.out::println);
      System.out.printf("%n%s: %d steps in %.0fs; held-out accuracy %s before RL, %s after;"
          + " output %s%n", s.nextStep() < config.run().steps() ? "stopped" : "done",
          s.stepsDone(), s.seconds(), format(s.accuracyBeforeRl()),
          format(s.accuracyAfter()), s.output());
      return 0;
    });
  }

  private static String format(double accuracy) {
    return Double.isNaN(accuracy) ? "n/a" : String.format("%.3f", accuracy);
  }
}
