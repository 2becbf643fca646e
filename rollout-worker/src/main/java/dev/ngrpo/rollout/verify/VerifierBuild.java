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
    Alarm alarm = new Alarm(Thread.currentThread());
    ScheduledFuture<?> scheduled = WATCHDOG.schedule(alarm::ring,
        settings.buildTimeLimitMillis(), TimeUnit.MILLISECONDS);
    RuntimeException failure = null;
    Verifier built = null;
    try {
      built = Verifiers.create(settings.name(), settings.format());
    } catch (RuntimeException e) {
      failure = e;
    }
    scheduled.cancel(false);
    if (alarm.silence()) {
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

  /**
   * The watchdog's interrupt and the caller's end of the build, decided under one lock: a
   * future's {@code cancel} cannot tell a watchdog that has not run from one that is running,
   * so the caller could otherwise be interrupted after it has returned, or miss that it was.
   */
  private static final class Alarm {
    private final Thread caller;
    private boolean rang;
    private boolean silenced;

    Alarm(Thread caller) {
      this.caller = caller;
    }

    synchronized void ring() {
      if (!silenced) {
        rang = true;
        caller.interrupt();
      }
    }

    /** Ends the alarm; whether it rang (and so interrupted the caller) before. */
    synchronized boolean silence() {
      silenced = true;
      return rang;
    }
  }
}
