package dev.ngrpo.rollout.verify;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The verifier calls of this JVM that ran past their time limit and are still running after
 * the interrupt: a verifier that ignores interrupts keeps its thread forever. They are counted
 * across every task of the executor, since the threads outlive the task; once too many are
 * stuck, verification refuses more work, so the task fails and Spark retries it elsewhere,
 * instead of the executor filling up with spinning threads.
 */
final class StuckCalls {
  private static final AtomicInteger STUCK = new AtomicInteger();

  private StuckCalls() {}

  /** Calls of this JVM abandoned at their time limit and still running. */
  static int count() {
    return STUCK.get();
  }

  /**
   * Fails when {@code max} calls or more are stuck.
   *
   * @throws IllegalStateException naming the verifier and the key to change
   */
  static void checkBelow(int max, Object verifier) {
    int stuck = STUCK.get();
    if (stuck >= max) {
      throw new IllegalStateException("verifier " + verifier + " has " + stuck + " calls still"
          + " running past their time limit in this executor (it ignores interrupts), the most"
          + " ngrpo.verifier.max-stuck-calls = " + max + " allows: failing this task so that"
          + " Spark retries it on another executor");
    }
  }

  /** One call, which may be abandoned at its time limit. */
  static final class Call<T> implements Callable<T> {
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final Callable<T> body;
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    Call(Callable<T> body) {
      this.body = body;
    }

    @Override
    public T call() throws Exception {
      try {
        return body.call();
      } finally {
        if (!state.compareAndSet(RUNNING, DONE)) {
          STUCK.decrementAndGet(); // abandoned earlier: it is no longer stuck
        }
      }
    }

    /** Marks the call abandoned at its time limit; counted as stuck while it still runs. */
    void abandon() {
      if (state.compareAndSet(RUNNING, ABANDONED)) {
        STUCK.incrementAndGet();
      }
    }
  }
}
