package dev.ngrpo.cli;

import com.typesafe.config.ConfigException;
import dev.ngrpo.orchestrator.config.ConfigurationError;
import java.util.concurrent.Callable;

/**
 * How commands fail: a configuration error (a bad key, value or file, or a {@link
 * ConfigurationError} the command finds before Spark starts, such as a resume that would change
 * the run) becomes a {@link CommandFailure} with exit code 2, before anything runs where it can
 * be known then; a value that only the data shows to be wrong (a {@link ConfigException} thrown
 * while the command runs, such as a share of bad rows above {@code
 * ngrpo.data.max-bad-fraction}) exits 2 too; any other failure carries the cause chain and
 * exits 1. {@link Main} prints the message and decides whether the code ends the JVM or the
 * failure is thrown to a cluster-mode host.
 */
final class Failures {
  /** Exit code of a configuration error. */
  static final int CONFIG = 2;
  /** Exit code of a failure while running. */
  static final int RUN = 1;

  private Failures() {}

  /**
   * Runs {@code config} then {@code body} and returns the body's exit code; a failure of either
   * is thrown as a {@link CommandFailure} with its exit code.
   */
  static <C> int run(Callable<C> config, Body<C> body) {
    C c;
    try {
      c = config.call();
    } catch (ConfigException | IllegalArgumentException e) {
      throw new CommandFailure(CONFIG, "configuration error: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new CommandFailure(CONFIG, "configuration error: " + describe(e), e);
    }
    try {
      return body.run(c);
    } catch (ConfigException | ConfigurationError e) {
      throw new CommandFailure(CONFIG, "configuration error: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new CommandFailure(RUN, "error: " + describe(e), e);
    }
  }

  /** The message of {@code e} and of its causes, without repeating them. */
  static String describe(Throwable e) {
    StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !s.toString().contains(c.getMessage())) {
        s.append("\n  caused by: ").append(c.getClass().getSimpleName()).append(": ")
            .append(c.getMessage());
      }
    }
    return s.toString();
  }

  /** A command body. */
  interface Body<C> {
    int run(C config) throws Exception;
  }
}
