package dev.ngrpo.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line ({@link Main}) in a JVM of its own, started like the test's JVM (same
 * java, flags and class path), so a test can watch it die and inspect what it left behind.
 *
 * @param exitCode how the JVM ended
 * @param output its stdout and stderr
 */
public record ChildJvm(int exitCode, String output) {
  /** Runs {@code ngrpo ARGS}, writing its output to {@code log}; waits at most 5 minutes. */
  public static ChildJvm run(Path log, String... args) throws IOException, InterruptedException {
    Process p = start(log, args);
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("child JVM still running after 5 minutes; output:\n"
            + Files.readString(log));
      }
    } finally {
      p.destroyForcibly();
    }
    return new ChildJvm(p.exitValue(), Files.readString(log));
  }

  /**
   * Starts {@code ngrpo ARGS}, writing its output to {@code log}, for a test that acts on the
   * running process (a signal); the caller ends it.
   */
  public static Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }
}
