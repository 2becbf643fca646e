package dev.ngrpo.orchestrator.train;

import dev.ngrpo.orchestrator.config.CheckpointSettings;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A termination signal (SIGTERM from a pre-emption, {@code yarn application -kill} or a pod
 * eviction; SIGINT from Ctrl-C) turned into a stop at the end of a training step, so the run
 * leaves a checkpoint of where it stopped and {@code train --resume} repeats no step.
 *
 * <p>It is a JVM shutdown hook, not a {@code sun.misc.Signal} handler: a handler would replace
 * the JVM's own for that signal, catches only the signals it names (not {@code System.exit}
 * from elsewhere), and is an internal API this build cannot compile against without a warning.
 * The catch with a hook is that all hooks start together and Spark's stops the SparkContext,
 * while Hadoop's closes the cached file systems the checkpoint is written to. So the hook is
 * registered with Hadoop's {@link ShutdownHookManager}, the one Spark registers its own hooks
 * with, at a priority above Spark's ({@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}) and the
 * file system cache's: Spark and the file systems stay usable until this hook returns. The hook
 * only raises a flag that {@link TrainingLoop} reads at each step boundary, then waits (at most
 * {@code ngrpo.checkpoint.terminate-wait-seconds}) for the loop to save and {@link #close} it;
 * past the wait the shutdown goes on and the step in progress is abandoned, its checkpoint
 * unwritten, as a kill would leave it. The JVM then exits with the signal's status (143 for
 * SIGTERM).
 */
final class Termination implements AutoCloseable {
  /** Hadoop shutdown-hook priority: runs before Spark's (40) and the file system cache's. */
  static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 100;
  private static final Logger LOG = LoggerFactory.getLogger(Termination.class);

  private final Duration wait;
  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Runnable hook = this::stopAndWait;
  private boolean installed;

  /** A termination that only a call of {@link #stopAndWait} requests. */
  Termination(Duration wait) {
    this.wait = wait;
  }

  /**
   * Listens for termination signals until closed when {@code ngrpo.checkpoint.on-terminate};
   * otherwise never requests a stop, and a signal ends the driver where it is.
   */
  static Termination install(CheckpointSettings settings) {
    Termination t = new Termination(Duration.ofSeconds(settings.terminateWaitSeconds()));
    if (settings.onTerminate()) {
      ShutdownHookManager.get().addShutdownHook(t.hook, PRIORITY,
          settings.terminateWaitSeconds() + 5L, TimeUnit.SECONDS);
      t.installed = true;
    }
    return t;
  }

  /** True once a signal asked the run to stop at the end of the current step. */
  boolean requested() {
    return requested.get();
  }

  /** The hook: asks for the stop, then waits for {@link #close} at most the configured time. */
  void stopAndWait() {
    requested.set(true);
    LOG.warn("termination signal: finishing the current step and writing a checkpoint (waiting"
        + " at most {} s)", wait.toSeconds());
    try {
      if (!stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the run did not stop within {} s of the termination signal: shutting down,"
            + " the step in progress is abandoned", wait.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The loop has stopped (or ended): a waiting hook returns, and no signal is awaited. */
  @Override
  public void close() {
    stopped.countDown();
    ShutdownHookManager hooks = ShutdownHookManager.get();
    if (installed && !hooks.isShutdownInProgress()) {
      try {
        hooks.removeShutdownHook(hook);
      } catch (IllegalStateException shutdownBegan) {
        // a signal came in since the check: the hook runs and returns at once, as stopped is 0
      }
    }
  }
}
