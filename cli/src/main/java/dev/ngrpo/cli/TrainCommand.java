package dev.ngrpo.cli;

import dev.ngrpo.orchestrator.memory.MemoryCheck;
import dev.ngrpo.orchestrator.train.RunSummary;
import dev.ngrpo.orchestrator.train.StartMode;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
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

  /** At most one of the resuming options: picocli refuses both with exit 2, naming them. */
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Resume resume;

  @Option(names = "--allow-change", split = ",", paramLabel = "KEY",
      description = "with --resume or --resume-or-start: accept a change of these keys or"
          + " sections (e.g. ngrpo.run.seed,ngrpo.rollout) from the checkpoint's configuration"
          + " although they change what the run means; without it such a resume exits 2"
          + " listing each change")
  List<String> allowChange = new ArrayList<>();

  /** The options that continue the run in ngrpo.run.output. */
  static final class Resume {
    @Option(names = "--resume", required = true,
        description = "continue from the newest complete checkpoint in ngrpo.run.output"
            + " (start from the beginning when there is none; exit 0 doing nothing when it"
            + " holds the final step)")
    boolean resume;

    @Option(names = "--resume-or-start", required = true,
        description = "for schedulers that rerun one command on one ngrpo.run.output: start"
            + " a new run when the folder has no complete checkpoint, resume the newest one"
            + " otherwise, and exit 0 doing nothing once it holds the final step"
            + " (ngrpo.run.steps); the same as --resume")
    boolean resumeOrStart;

    StartMode mode() {
      return resumeOrStart ? StartMode.RESUME_OR_START : StartMode.RESUME;
    }
  }

  @Override
  public Integer call() {
    StartMode mode = resume == null ? StartMode.NEW : resume.mode();
    return Failures.run(() -> MemoryCheck.require(options.load()), config -> {
      RunSummary s = TrainingLoop.train(config, mode, allowChange, System.out::println);
      if (s.alreadyComplete()) {
        return 0;
      }
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
