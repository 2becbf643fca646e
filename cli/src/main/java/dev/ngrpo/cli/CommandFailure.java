package dev.ngrpo.cli;

/**
 * A command that failed: the exit code it ends with in a JVM of its own (2 = configuration, 1
 * = run) and the message printed for it, which names the offending key, file or value. In a
 * cluster-mode driver {@link Main} throws it, so the message reaches the resource manager's
 * diagnostics, with the original exception as its cause.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CommandFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code of this failure. */
  int exitCode() {
    return exitCode;
  }
}
