package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimeLimitedVerifierTest {
  private static final Duration LIMIT = Duration.ofMillis(200);

  /** Scores by the response: "1" right, "sleep" never returns, "throw" throws, else a number. */
  private static final Verifier SCRIPTED = (response, reference) -> {
    switch (response) {
      case "sleep" -> {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 1f;
      }
      case "throw" -> throw new IllegalStateException("broken verifier");
      default -> {
        return Float.parseFloat(response);
      }
    }
  };

  /**
   * {@link #SCRIPTED} with caps: "reject" is over a cap, "no answer" has no answer in the
   * required form, "no verdict" gets null and "half rejected" a rejected verdict with score
   * 0.5, which the verdict itself refuses.
   */
  private static final Verifier CAPPED = new Verifier() {
    @Override
    public float score(String response, String reference) {
      return judge(response, reference).score();
    }

    @Override
    public Verdict judge(String response, String reference) {
      return switch (response) {
        case "reject" -> Verdict.REJECTED;
        case "no verdict" -> null;
        case "half rejected" -> new Verdict(0.5f, true, false);
        case "no answer" -> Verdict.NO_ANSWER;
        default -> Verdict.scored(SCRIPTED.score(response, reference));
      };
    }
  };

  @Test
  void responsesOverTheLengthCapAreRejectedWithoutRunningTheVerifier() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    Verifier counting = (response, reference) -> {
      calls.incrementAndGet();
      return 1f;
    };
    try (TimeLimitedVerifier v = new TimeLimitedVerifier(counting, LIMIT, 10, 8)) {
      assertThat(v.verify("x".repeat(10), "r").status())
          .isEqualTo(VerificationResult.Status.SCORED);
      VerificationResult r = v.verify("x".repeat(11), "r");
      assertThat(r.status()).isEqualTo(VerificationResult.Status.REJECTED);
      assertThat(r.score()).isZero();
      assertThat(calls.get()).isEqualTo(1);
      assertThat(v.rejected()).isEqualTo(1);
    }
  }

  @Test
  void passesScoresThroughUnscaled() {
    try (TimeLimitedVerifier v = new TimeLimitedVerifier(SCRIPTED, LIMIT)) {
      // scores travel in [0, 1]: the learner alone scales them by r_max
      assertThat(v.verify("1", "x")).isEqualTo(
          new VerificationResult(1f, VerificationResult.Status.SCORED));
      assertThat(v.verify("0.25", "x").score()).isEqualTo(0.25f);
      assertThat(v.scored()).isEqualTo(2);
    }
  }

  @Test
  void aVerifierPastTheLimitScoresZeroAndIsCounted() {
    try (TimeLimitedVerifier v = new TimeLimitedVerifier(SCRIPTED, LIMIT)) {
      assertThat(v.verify("sleep", "x")).isEqualTo(
          new VerificationResult(0f, VerificationResult.Status.TIMED_OUT));
      assertThat(v.timeouts()).isEqualTo(1);
      // A stuck verification does not hold up the next one.
      assertThat(v.verify("1", "x").score()).isEqualTo(1f);
    }
  }

  @Test
  void timeOutInterruptsTheVerifier() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Verifier spinning = (response, reference) -> {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.onSpinWait();
      }
      stopped.countDown();
      return 0f;
    };
    try (TimeLimitedVerifier v = new TimeLimitedVerifier(spinning, LIMIT)) {
      assertThat(v.verify("anything", "x").status())
          .isEqualTo(VerificationResult.Status.TIMED_OUT);
      assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aVerifierIgnoringInterruptsFailsTheTaskAtTheStuckLimitInsteadOfLeakingThreads()
      throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    Verifier deaf = (response, reference) -> {
      while (release.getCount() > 0) {
        try {
          release.await();
        } catch (InterruptedException ignored) {
          // a verifier that swallows the interrupt: its thread stays busy
        }
      }
      return 0f;
    };
    int threadsBefore = Thread.activeCount();
    try (TimeLimitedVerifier v = new TimeLimitedVerifier(deaf, LIMIT, 1000, 2)) {
      assertThat(v.verify("a", "x").status()).isEqualTo(VerificationResult.Status.TIMED_OUT);
      assertThat(v.verify("b", "x").status()).isEqualTo(VerificationResult.Status.TIMED_OUT);
      assertThat(StuckCalls.count()).isEqualTo(2);
      // the third call would be the third stuck thread: verification refuses, the task fails
      assertThatThrownBy(() -> v.verify("c", "x"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("2 calls still running past their time limit")
          .hasMessageContaining("ngrpo.verifier.max-stuck-calls = 2");
      assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 2);
    } finally {
      release.countDown();
    }
    // released, the stuck calls end and are no longer counted
    for (int i = 0; i < 300 && StuckCalls.count() > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(StuckCalls.count()).isZero();
  }

  @Test
  void exceptionsAndOutOfRangeScoresAreCountedFailures() {
    try (TimeLimitedVerifier v = new TimeLimitedVerifier(SCRIPTED, LIMIT)) {
      assertThat(v.verify("throw", "x")).isEqualTo(
          new VerificationResult(0f, VerificationResult.Status.FAILED));
      assertThat(v.verify("1.5", "x").status()).isEqualTo(VerificationResult.Status.FAILED);
      assertThat(v.verify("NaN", "x").status()).isEqualTo(VerificationResult.Status.FAILED);
      assertThat(v.verify("-0.1", "x").status()).isEqualTo(VerificationResult.Status.FAILED);
      assertThat(v.failures()).isEqualTo(4);
      assertThat(v.firstFailure()).hasValueSatisfying(
          m -> assertThat(m).contains("broken verifier"));
    }
  }

  @Test
  void rejectedResponsesScoreZeroAndAreCountedApartFromWrongOnes() {
    try (TimeLimitedVerifier v = new TimeLimitedVerifier(CAPPED, LIMIT)) {
      assertThat(v.verify("reject", "x")).isEqualTo(
          new VerificationResult(0f, VerificationResult.Status.REJECTED));
      // A wrong answer is scored 0, not rejected.
      assertThat(v.verify("0", "x")).isEqualTo(
          new VerificationResult(0f, VerificationResult.Status.SCORED));
      assertThat(v.rejected()).isEqualTo(1);
      assertThat(v.scored()).isEqualTo(1);
      assertThat(v.failures()).isZero();
    }
  }

  @Test
  void aMissingOrSelfContradictoryVerdictIsAFailure() {
    try (TimeLimitedVerifier v = new TimeLimitedVerifier(CAPPED, LIMIT)) {
      assertThat(v.verify("no verdict", "x").status())
          .isEqualTo(VerificationResult.Status.FAILED);
      assertThat(v.firstFailure()).hasValueSatisfying(
          m -> assertThat(m).contains("returned no verdict"));
      assertThat(v.verify("half rejected", "x").status())
          .isEqualTo(VerificationResult.Status.FAILED);
      assertThat(v.failures()).isEqualTo(2);
      assertThat(v.rejected()).isZero();
    }
  }

  @Test
  void aVerifierWithOnlyAScoreIsNeverRejected() {
    // The default judge wraps score: 0 is an examined wrong answer.
    assertThat(SCRIPTED.judge("0", "x")).isEqualTo(new Verdict(0f, false, false));
    assertThat(SCRIPTED.judge("0.25", "x")).isEqualTo(Verdict.scored(0.25f));
  }

  @Test
  void groupCountsTimeoutsFailuresRejectionsAndMissingAnswers() {
    try (TimeLimitedVerifier v = new TimeLimitedVerifier(CAPPED, LIMIT)) {
      GroupVerification g = v.verifyGroup(
          List.of("1", "sleep", "0", "throw", "reject", "reject", "no answer", "1"), "x");
      // 8 responses: 3 scored (1, 0, 1), 1 timed out, 1 failed, 2 rejected, 1 without an
      // answer; the time-out comes first, so the note quotes it
      assertThat(g).isEqualTo(new GroupVerification(
          new float[] {1f, 0f, 0f, 0f, 0f, 0f, 0f, 1f}, 1, 1, 2, 1,
          "response 'sleep': time-out after " + LIMIT.toMillis() + " ms"));
      // the time-out and the failure are no verdicts: 2 ungraded, so the group sits out
      assertThat(g.grading().ungraded()).isEqualTo(2);
      assertThat(g.grading().rejected()).isEqualTo(2);
      assertThat(g.grading().unanswered()).isEqualTo(1);
      // a response without an answer is scored (0): 3 + 1 scored
      assertThat(v.scored()).isEqualTo(4);
      assertThat(v.scored() + v.timeouts() + v.failures() + v.rejected()).isEqualTo(8);
    }
  }

  @Test
  void closedVerifierRefusesWork() {
    TimeLimitedVerifier v = new TimeLimitedVerifier(SCRIPTED, LIMIT);
    v.close();
    assertThatThrownBy(() -> v.verify("1", "x")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void rejectsBadLimits() {
    assertThatThrownBy(() -> new TimeLimitedVerifier(SCRIPTED, Duration.ZERO))
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> new VerificationResult(2f, VerificationResult.Status.SCORED))
        .hasMessageContaining("[0, 1], got 2.0");
  }
}
