package dev.ngrpo.orchestrator.config;

/**
 * A configuration that cannot run, found after it was read but still before Spark starts: a
 * resume whose configuration would change what the run means, an output folder that holds
 * another run or is in use by one. The command line reports it as it reports a bad key (exit
 * 2): the remedy is the same, a change of the command or the configuration.
 */
public final class ConfigurationError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigurationError(String message) {
    super(message);
  }
}
