package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The hook's side of a termination signal, run on a thread of its own as the JVM runs it (the
 * real signal to a real driver is cli's TerminationSignalTest).
 */
class TerminationTest {
  @Test
  void theHookRequestsTheStopAndWaitsUntilTheLoopHasStopped() throws Exception {
    Termination termination = new Termination(Duration.ofMinutes(5));
    assertThat(termination.requested()).isFalse();
    Thread hook = new Thread(termination::stopAndWait);
    hook.start();
    while (!termination.requested()) {
      Thread.onSpinWait();
    }
    hook.join(200);
    assertThat(hook.isAlive()).as("waiting for the step and its checkpoint").isTrue();
    termination.close();
    hook.join(10_000);
    assertThat(hook.isAlive()).as("released once the loop has stopped").isFalse();
  }

  @Test
  void theWaitIsBoundedWhenTheLoopNeverStops() throws Exception {
    Termination termination = new Termination(Duration.ofMillis(100));
    long start = System.nanoTime();
    termination.stopAndWait();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(termination.requested()).isTrue();
    assertThat(seconds).isGreaterThanOrEqualTo(0.1).isLessThan(30);
  }
}
