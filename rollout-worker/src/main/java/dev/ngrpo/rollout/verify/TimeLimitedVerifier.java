package dev.ngrpo.rollout.verify;

import dev.ngrpo.core.data.Grading;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boundary between a {@link Verifier} and the rollout worker: a score in {@code [0, 1]} for
 * every response (the learner turns scores into rewards), within the configured time limit
 * ({@code ngrpo.verifier.time-limit-ms}) whatever the verifier does.
 *
 * <p>It asks the verifier for its verdict ({@link Verifier#judge}). A response the verifier
 * rejected at one of its caps ({@link VerificationResult.Status#REJECTED}) scores 0: that is a
 * verdict, and so is a response without an answer in the required form
 * ({@link VerificationResult.Status#NO_ANSWER}, a format failure). A run past the limit
 * ({@link VerificationResult.Status#TIMED_OUT}) or an exception, a null verdict or a score
 * outside {@code [0, 1]} ({@link VerificationResult.Status#FAILED}) is no verdict: the response
 * is ungraded ({@link GroupVerification#grading()}), its score holds a placeholder 0 that
 * nothing may learn from, and its group sits out the update. Each is counted
 * ({@link #timeouts()}, {@link #failures()}, {@link #rejected()}; format failures per group)
 * for the step metrics, and the first failure is logged with its stack trace and kept
 * ({@link #firstFailure()}).
 *
 * <p>Each verification runs on a daemon thread of a bounded pool while the caller waits at most
 * the limit; on time-out the thread is interrupted. The built-in verifiers do bounded work and
 * the limit is their backstop. A user verifier that ignores interruption keeps its thread
 * busy: such calls are counted JVM-wide ({@link StuckCalls}), the pool keeps enough other
 * threads to go on, and once {@code max-stuck-calls} are stuck, verification fails the task
 * instead of leaking a thread per time-out. Safe for concurrent use; {@link #close()} stops the
 * threads that listen.
 */
public final class TimeLimitedVerifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TimeLimitedVerifier.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Verifier verifier;
  private final long limitNanos;
  private final ExecutorService threads;
  private final AtomicLong scored = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final int maxResponseChars;
  private final int maxStuckCalls;

  /**
   * @param verifier the reward function
   * @param limit the most time one response may take, {@code > 0}
   */
  public TimeLimitedVerifier(Verifier verifier, Duration limit) {
    this(verifier, limit, Integer.MAX_VALUE, VerifierSettings.DEFAULT_MAX_STUCK_CALLS);
  }

  /**
   * @param maxResponseChars longer responses are rejected (score 0, counted) without running
   *     the verifier at all, {@code >= 1}
   * @param maxStuckCalls calls abandoned at their limit and still running in this JVM from
   *     which on verification fails the task, {@code >= 1}
   */
  public TimeLimitedVerifier(Verifier verifier, Duration limit, int maxResponseChars,
      int maxStuckCalls) {
    if (maxStuckCalls < 1) {
      throw new IllegalArgumentException("max stuck calls must be >= 1, got " + maxStuckCalls);
    }
    this.maxStuckCalls = maxStuckCalls;
    if (maxResponseChars < 1) {
      throw new IllegalArgumentException("max response chars must be >= 1, got "
          + maxResponseChars);
    }
    this.maxResponseChars = maxResponseChars;
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("verifier time limit must be > 0, got " + limit);
    }
    this.limitNanos = limit.toNanos();
    // room for every call that may get stuck, and a thread per core for the others
    this.threads = Executors.newFixedThreadPool(
        maxStuckCalls + Runtime.getRuntime().availableProcessors(), daemonThreads());
  }

  /** The verifier {@code settings} name, with its time limit and response cap. */
  public static TimeLimitedVerifier of(VerifierSettings settings) {
    return new TimeLimitedVerifier(Verifiers.create(settings),
        Duration.ofMillis(settings.timeLimitMillis()), settings.maxResponseChars(),
        settings.maxStuckCalls());
  }

  /** The score of {@code response}; never throws for any response text. */
  public VerificationResult verify(String response, String referenceAnswer) {
    return attempt(response, referenceAnswer).result();
  }

  /**
   * One verification and, when it did not grade the response, why.
   *
   * @param problem the exception or the time-out; empty when the response was graded (scored
   *     or rejected)
   */
  private record Attempt(VerificationResult result, String problem) {
    boolean graded() {
      return problem.isEmpty();
    }
  }

  private Attempt attempt(String response, String referenceAnswer) {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(referenceAnswer, "referenceAnswer");
    if (response.length() > maxResponseChars) {
      rejected.incrementAndGet();
      return new Attempt(new VerificationResult(0f, VerificationResult.Status.REJECTED), "");
    }
    StuckCalls.checkBelow(maxStuckCalls, verifier);
    StuckCalls.Call<Verdict> call =
        new StuckCalls.Call<>(() -> verifier.judge(response, referenceAnswer));
    Future<Verdict> pending;
    try {
      pending = threads.submit(call);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("verifier " + verifier + " is closed", e);
    }
    try {
      Verdict verdict = pending.get(limitNanos, TimeUnit.NANOSECONDS);
      if (verdict == null) {
        return failed(new IllegalStateException("verifier " + verifier + " returned no verdict"));
      }
      if (verdict.rejected()) {
        rejected.incrementAndGet();
        return new Attempt(new VerificationResult(0f, VerificationResult.Status.REJECTED), "");
      }
      float score = verdict.score();
      if (!(score >= 0f && score <= 1f)) {
        return failed(new IllegalStateException(
            "verifier " + verifier + " returned " + score + ", outside [0, 1]"));
      }
      scored.incrementAndGet();
      VerificationResult.Status status = verdict.unanswered()
          ? VerificationResult.Status.NO_ANSWER : VerificationResult.Status.SCORED;
      return new Attempt(new VerificationResult(score, status), "");
    } catch (TimeoutException e) {
      call.abandon();
      pending.cancel(true);
      timeouts.incrementAndGet();
      return new Attempt(new VerificationResult(0f, VerificationResult.Status.TIMED_OUT),
          "time-out after " + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error && !(cause instanceof StackOverflowError)) {
        throw error;
      }
      return failed(cause);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying with " + verifier, e);
    }
  }

  /**
   * The scores of a group's responses, each verified under its own time limit, and the note of
   * the first response that could not be graded.
   */
  public GroupVerification verifyGroup(List<String> responses, String referenceAnswer) {
    float[] scores = new float[responses.size()];
    int timedOut = 0;
    int failed = 0;
    int rejectedInGroup = 0;
    int unanswered = 0;
    String note = "";
    for (int i = 0; i < scores.length; i++) {
      Attempt a = attempt(responses.get(i), referenceAnswer);
      scores[i] = a.result().score();
      switch (a.result().status()) {
        case TIMED_OUT -> timedOut++;
        case FAILED -> failed++;
        case REJECTED -> rejectedInGroup++;
        case NO_ANSWER -> unanswered++;
        case SCORED -> { }
      }
      if (!a.graded() && note.isEmpty()) {
        note = Grading.note(responses.get(i), a.problem());
      }
    }
    return new GroupVerification(scores, timedOut, failed, rejectedInGroup, unanswered, note);
  }

  /** Responses scored within the limit so far, those without an answer included. */
  public long scored() {
    return scored.get();
  }

  /** Responses that ran past the time limit so far. */
  public long timeouts() {
    return timeouts.get();
  }

  /** Responses whose verifier threw or returned a score outside {@code [0, 1]} so far. */
  public long failures() {
    return failures.get();
  }

  /** Responses the verifier rejected for exceeding its caps so far. */
  public long rejected() {
    return rejected.get();
  }

  /** The message of the first failure, if any. */
  public Optional<String> firstFailure() {
    return Optional.ofNullable(firstFailure.get());
  }

  /** The wrapped verifier. */
  public Verifier verifier() {
    return verifier;
  }

  private Attempt failed(Throwable cause) {
    failures.incrementAndGet();
    if (firstFailure.compareAndSet(null, String.valueOf(cause))) {
      LOG.warn("verifier {} failed; the response is ungraded and later failures are only"
          + " counted", verifier, cause);
    }
    return new Attempt(new VerificationResult(0f, VerificationResult.Status.FAILED),
        String.valueOf(cause));
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  private static ThreadFactory daemonThreads() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread t = new Thread(task, "ngrpo-verifier-" + pool + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
