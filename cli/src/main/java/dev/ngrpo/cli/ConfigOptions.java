package dev.ngrpo.cli;

import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.train.RunContext;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The configuration options shared by the commands that run something: a run file and
 * {@code --set key=value} overrides. Without a file, {@code conf/local.conf} of the
 * installation (bin/ngrpo passes its location) is used when it exists.
 */
final class ConfigOptions {
  @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
      description = "run configuration (HOCON); default: conf/local.conf (experiment:"
          + " conf/experiment.conf)")
  File file;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override one key, e.g. --set ngrpo.run.steps=5 (repeatable)")
  List<String> overrides = new ArrayList<>();

  /** Loads and validates the run's configuration (default file: conf/local.conf). */
  RunConfig load() {
    return load("local.conf", List.of());
  }

  /**
   * Loads and validates the configuration: the given file, else {@code conf/defaultFile} of
   * the installation when it exists; {@code extra} overrides come after the user's. The inputs
   * a run context reads first (the model folder) are checked here too, so a wrong path is a
   * configuration error before Spark starts.
   */
  RunConfig load(String defaultFile, List<String> extra) {
    List<String> all = new ArrayList<>(overrides);
    all.addAll(extra);
    RunConfig config = RunConfig.load(resolvedFile(defaultFile), all);
    RunContext.checkInputs(config);
    return config;
  }

  /**
   * Loads and validates the configuration ({@code conf/local.conf} by default) without
   * checking the inputs it names: a command that needs only its Spark settings (doctor) has
   * no reason to refuse a model folder that is missing here.
   */
  RunConfig loadSettings() {
    return loadSettings(List.of());
  }

  /** {@link #loadSettings()} with {@code extra} overrides after the user's. */
  RunConfig loadSettings(List<String> extra) {
    List<String> all = new ArrayList<>(overrides);
    all.addAll(extra);
    return RunConfig.load(resolvedFile("local.conf"), all);
  }

  /** Whether a run file or an override was given. */
  boolean given() {
    return file != null || !overrides.isEmpty();
  }

  private File resolvedFile(String defaultFile) {
    if (file != null) {
      return file;
    }
    String home = System.getProperty("ngrpo-spark.home");
    if (home != null) {
      File local = new File(home, "conf/" + defaultFile);
      if (local.isFile()) {
        return local;
      }
    }
    return null;
  }
}
