package dev.ngrpo.cli;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Entry point of {@code bin/ngrpo} and of spark-submit. Each subcommand has {@code --help}; a
 * usage or configuration error exits with code 2 and a message naming the offending option or
 * key, a failure while running with code 1. In a cluster-mode driver the failure is thrown
 * instead ({@link DriverExit}).
 */
@Command(name = "ngrpo", mixinStandardHelpOptions = true,
    version = "ngrpo-spark 0.1.0-SNAPSHOT",
    description = "RL fine-tuning of language models with NGRPO on Apache Spark.",
    subcommands = {TrainCommand.class, PlanCommand.class, SftCommand.class, EvalCommand.class,
        ExportCommand.class, ReportCommand.class, AdvantagesCommand.class, ScoreCommand.class,
        BenchModelCommand.class, BenchLoraCommand.class, BenchLearnerCommand.class,
        BenchCommand.class, BenchPlanCommand.class, ExperimentCommand.class, DoctorCommand.class,
        MakeDataCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * Runs the command line, then exits with its code, or, in a cluster-mode driver, returns or
   * throws ({@link DriverExit}).
   */
  public static void main(String[] args) {
    DriverExit.of(System.getProperties()).end(run(args));
  }

  /** How a command line ended: its exit code and the failure behind a non-zero one, if any. */
  record Outcome(int code, Optional<CommandFailure> failure) {}

  /** Runs one command line without ending the JVM. */
  static Outcome run(String... args) {
    AtomicReference<CommandFailure> failure = new AtomicReference<>();
    int code = commandLine(failure::set).execute(args);
    return new Outcome(code, Optional.ofNullable(failure.get()));
  }

  /** The configured command line (also used by tests, which must not call System.exit). */
  public static CommandLine commandLine() {
    return commandLine(failure -> { });
  }

  /**
   * The command line, with every failure of a command printed (its message: the offending key,
   * file or value, and the cause chain) and handed to {@code failures}; the exit code is the
   * failure's.
   */
  static CommandLine commandLine(Consumer<CommandFailure> failures) {
    CommandLine line = new CommandLine(new Main());
    line.setExecutionExceptionHandler((e, command, parsed) -> {
      CommandFailure failure = e instanceof CommandFailure f ? f
          : new CommandFailure(Failures.RUN, "error: " + Failures.describe(e), e);
      System.err.println(failure.getMessage());
      LoggerFactory.getLogger(Main.class).debug("stack trace", failure.getCause());
      failures.accept(failure);
      return failure.exitCode();
    });
    return line;
  }
}
