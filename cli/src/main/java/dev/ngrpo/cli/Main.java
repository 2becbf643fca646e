package dev.ngrpo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Entry point of {@code bin/ngrpo}. Each subcommand has {@code --help}; a usage or
 * configuration error exits with code 2 and a message naming the offending option or key.
 */
@Command(name = "ngrpo", mixinStandardHelpOptions = true,
    version = "ngrpo-spark 0.1.0-SNAPSHOT",
    description = "RL fine-tuning of language models with NGRPO on Apache Spark.",
    subcommands = {TrainCommand.class, SftCommand.class, EvalCommand.class,
        ReportCommand.class, AdvantagesCommand.class, ScoreCommand.class,
        BenchModelCommand.class, BenchCommand.class, ExperimentCommand.class, DoctorCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests, which must not call System.exit). */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }
}
