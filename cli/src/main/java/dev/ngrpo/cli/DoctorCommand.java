package dev.ngrpo.cli;

import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.spark.ExecutorSurvey;
import dev.ngrpo.orchestrator.spark.JvmReport;
import dev.ngrpo.orchestrator.train.Provenance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ngrpo doctor}: what this JVM will run with, and with {@code --executors} what every
 * executor of the configured Spark master will run with, each described by the same {@link
 * JvmReport}. Loading the PyTorch engine also extracts libtorch into DJL's cache, which is how
 * container images pre-extract it at build time. Exits 1 when an engine does not load or an
 * executor does not answer, so a script or an image build can stop on it.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Prints the versions (build commit, Spark, DJL, PyTorch, Java), the libtorch"
        + " flavour and folder, the GPUs the PyTorch engine sees, DJL's cache folder and offline"
        + " mode, and the libtorch environment variables. Loads the engine, so it also extracts"
        + " libtorch into the cache: run it when building an image so pods never download"
        + " anything.",
        "With --executors it also starts Spark with the run configuration's master"
        + " (ngrpo.spark.master, e.g. --set ngrpo.spark.master=yarn, or spark-submit's), runs"
        + " one task on every executor and prints the same for each, with the GPUs Spark"
        + " assigned to the task; executors that do not register or answer within --timeout"
        + " are named. Exits 1 when an engine does not load or an executor does not answer."})
public final class DoctorCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Spec
  CommandSpec spec;

  @Option(names = "--executors",
      description = "also ask every executor of the configured Spark master (CONFIG, --set)")
  boolean executors;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "with --executors: how long executors may take to register and answer"
          + " (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() {
    if (!executors && (options.given() || spec.commandLine().getParseResult()
        .hasMatchedOption("--timeout"))) {
      throw new ParameterException(spec.commandLine(), "CONFIG, --set and --timeout only"
          + " matter with --executors: add it, or leave them out");
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second,"
          + " got " + timeoutSeconds);
    }
    return Failures.run(() -> executors ? options.loadSettings() : null, this::report);
  }

  private int report(RunConfig config) {
    JvmReport local = JvmReport.here();
    Provenance.build().forEach((k, v) -> System.out.printf("%-22s %s%n", k, v));
    System.out.printf("%-22s %s %s%n", "os", System.getProperty("os.name"),
        System.getProperty("os.arch"));
    local.lines().forEach(System.out::println);
    System.out.printf("%-22s %s%n", "torch threads", System.getProperty(
        "ai.djl.pytorch.num_threads", "engine default"));
    for (String env : new String[] {"PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
        "SPARK_HOME", "SPARK_LOCAL_IP"}) {
      System.out.printf("%-22s %s%n", env, System.getenv().getOrDefault(env, "(unset)"));
    }
    boolean healthy = local.problem().isEmpty();
    if (executors) {
      ExecutorSurvey.Result r = ExecutorSurvey.of(config.spark(),
          Duration.ofSeconds(timeoutSeconds));
      for (JvmReport e : r.reports()) {
        System.out.printf("%nexecutor %s (%s)%n", e.executorId(), e.blockManager());
        e.lines().forEach(line -> System.out.println("  " + line));
      }
      System.out.printf("%n%s%n", summary(r, timeoutSeconds));
      healthy &= r.healthy();
    }
    return healthy ? 0 : 1;
  }

  /**
   * One line: how many executors answered, and which did not ({@code host:port}), how many
   * never registered, on which the engine did not load.
   */
  static String summary(ExecutorSurvey.Result r, int timeoutSeconds) {
    int asked = Math.max(r.expected(), r.reports().size() + r.silent().size());
    StringBuilder s = new StringBuilder(String.format("executors of %s: %d of %d answered",
        r.master(), r.reports().size(), asked));
    if (!r.silent().isEmpty()) {
      s.append(String.format("; no answer within %d s (--timeout) from %s", timeoutSeconds,
          String.join(", ", r.silent())));
    }
    if (r.unregistered() > 0) {
      s.append(String.format("; %d never registered", r.unregistered()));
    }
    List<String> broken = new ArrayList<>();
    r.reports().stream().filter(e -> !e.problem().isEmpty())
        .forEach(e -> broken.add(e.executorId()));
    if (!broken.isEmpty()) {
      s.append("; the engine did not load on executor ").append(String.join(", ", broken));
    }
    return s.toString();
  }
}
