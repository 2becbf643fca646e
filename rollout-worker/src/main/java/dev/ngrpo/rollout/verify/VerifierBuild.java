package dev.ngrpo.rollout.verify;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Builds the verifier a configuration names within {@code ngrpo.verifier.build-time-limit-ms}:
 * a plug-in's constructor runs user code (loading a model, opening a connection), and one that
 * hangs would hang the rollout task, or the driver's start-up, without a word.
 *
 * <p>The verifier is built on the caller's thread, since a plug-in may read thread-bound state
 * there (Spark's {@code TaskContext} on an executor); at the limit a watchdog interrupts that
 * thread, which stops any constructor that waits, sleeps or does interruptible I/O. A
 * constructor that ignores interrupts cannot be stopped from Java: its build still fails once it
 * returns, and Spark's task time-outs are the backstop.
 */
final class VerifierBuild {
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ngrpo-watchdog-verifier-build");
        t.setDaemon(true);
        return t;
      });

  private VerifierBuild() {}

  /**
   * The verifier of {@code settings}.
   *
   * @throws IllegalArgumentException for an unknown name or a verifier that cannot be built
   * @throws IllegalStateException when building takes longer than the limit
   */
  static Verifier within(VerifierSettings settings) {
    Thread caller = Thread.currentThread();
    ScheduledFuture<?> alarm = WATCHDOG.schedule(caller::interrupt,
        settings.buildTimeLimitMillis(), TimeUnit.MILLISECONDS);
    RuntimeException failure = null;
    Verifier built = null;
    try {
      built = Verifiers.create(settings.name(), settings.format());
    } catch (RuntimeException e) {
      failure = e;
    }
    if (!alarm.cancel(false)) {
      Thread.interrupted(); // the watchdog's interrupt was for the build, not for the caller
      IllegalStateException late = new IllegalStateException("building verifier '"
          + settings.name() + "' took longer than ngrpo.verifier.build-time-limit-ms = "
          + settings.buildTimeLimitMillis());
      if (failure != null) {
        late.addSuppressed(failure);
      }
      throw late;
    }
    if (failure != null) {
      throw failure;
    }
    return built;
  }
}
