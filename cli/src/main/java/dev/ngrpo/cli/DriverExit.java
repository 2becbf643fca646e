package dev.ngrpo.cli;

import java.util.Properties;

/**
 * How {@link Main#main} ends, which depends on what hosts the driver.
 *
 * <p>In its own JVM (bin/ngrpo, spark-submit in client mode, and a Kubernetes driver pod, where
 * the image's entry point runs spark-submit in client mode inside the pod) the exit code is the
 * result: {@code System.exit} hands 0, 1 or 2 (configuration, do not retry) to the shell, the
 * scheduler or the pod's terminated state.
 *
 * <p>In a cluster-mode driver that Spark hosts inside a JVM of its own making, {@code
 * System.exit} would lie. YARN's {@code ApplicationMaster} runs main on a thread and reports
 * SUCCEEDED when it returns and FAILED, with "User class threw exception" and the stack trace
 * in the application's diagnostics, when it throws; a {@code System.exit(0)} runs the AM's
 * shutdown hook before a final status was reported, which marks the application FAILED ("Shutdown
 * hook called before final status was reported") and makes schedulers retry a finished run. A
 * standalone Worker runs main inside {@code DriverWrapper}, whose JVM's exit status gives the
 * driver state FINISHED or FAILED. Both are told apart by {@code spark.submit.deployMode =
 * cluster}, which spark-submit hands the hosted driver as a system property; there main returns
 * on success and throws the {@link CommandFailure}, whose message names the offending key, on
 * failure.
 */
enum DriverExit {
  /** {@code System.exit} with the command's code. */
  PROCESS {
    @Override
    void end(Main.Outcome outcome) {
      System.exit(outcome.code());
    }
  },
  /** Return on success, throw the failure otherwise. */
  HOSTED {
    @Override
    void end(Main.Outcome outcome) {
      if (outcome.code() != 0) {
        throw outcome.failure().orElseGet(() -> new CommandFailure(outcome.code(),
            "ngrpo ended with exit code " + outcome.code() + " (see the driver's stderr)",
            null));
      }
    }
  };

  /** Ends main with {@code outcome}. */
  abstract void end(Main.Outcome outcome);

  /** The way out for a driver started with {@code properties} (the JVM's system properties). */
  static DriverExit of(Properties properties) {
    return "cluster".equals(properties.getProperty("spark.submit.deployMode")) ? HOSTED : PROCESS;
  }
}
