package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.ngrpo.rollout.verify.LatexFuzz.Case;
import dev.ngrpo.rollout.verify.LatexFuzz.Outcome;
import dev.ngrpo.rollout.verify.VerificationResult.Status;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 10,000 seeded random and adversarial LaTeX responses ({@link LatexFuzz}), each through both
 * built-in verifiers behind {@link TimeLimitedVerifier} with the default time limit of
 * {@code ngrpo.verifier.time-limit-ms}: no exception escapes, no verification fails (a
 * built-in verifier that throws is a bug), every score is in {@code [0, 1]}, every call
 * returns within the limit, and the families whose outcome is certain reach it.
 *
 * <p>The wall-clock check is generous (the limit plus 2 s, on a shared machine) because the
 * feature under test is the time limit itself: {@link TimeLimitedVerifier} must answer by the
 * limit whatever the verifier does. Time-outs are allowed by the contract but the built-ins do
 * bounded work, so at most 1% of the calls may time out (on an idle machine: none).
 */
class VerifierFuzzTest {
  private static final int CASES = 10_000;
  private static final float FULL_SCORE = 1f;
  private static final long SLACK_NANOS = Duration.ofSeconds(2).toNanos();

  @Test
  void tenThousandHostileResponsesAreAnsweredWithinTheLimitByBothVerifiers() {
    VerifierSettings defaults = VerifierSettings.from(ConfigFactory.defaultReference());
    Duration limit = Duration.ofMillis(defaults.timeLimitMillis());
    Map<AnswerFormat, TimeLimitedVerifier> math = new EnumMap<>(AnswerFormat.class);
    Map<AnswerFormat, TimeLimitedVerifier> arithmetic = new EnumMap<>(AnswerFormat.class);
    for (AnswerFormat format : AnswerFormat.values()) {
      math.put(format, new TimeLimitedVerifier(new MathVerifier(format), limit));
      arithmetic.put(format, new TimeLimitedVerifier(new ArithmeticVerifier(format), limit));
    }
    EnumMap<Status, Long> statuses = new EnumMap<>(Status.class);
    long checkedOutcomes = 0;
    try {
      LatexFuzz fuzz = new LatexFuzz(250_918_851L);
      for (int i = 0; i < CASES; i++) {
        Case c = fuzz.next();
        String what = "case " + i + " (" + c.family() + ", " + c.format() + ")";
        VerificationResult m = verify(math.get(c.format()), c.response(), c.mathReference(),
            limit, what + " math");
        VerificationResult a = verify(arithmetic.get(c.format()), c.response(),
            c.arithmeticReference(), limit, what + " arithmetic");
        statuses.merge(m.status(), 1L, Long::sum);
        statuses.merge(a.status(), 1L, Long::sum);
        checkedOutcomes += check(m, c.math(), what + " math") + check(a, c.arithmetic(),
            what + " arithmetic");
      }
    } finally {
      math.values().forEach(TimeLimitedVerifier::close);
      arithmetic.values().forEach(TimeLimitedVerifier::close);
    }
    long calls = 2L * CASES;
    assertThat(statuses.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(calls);
    assertThat(statuses).doesNotContainKey(Status.FAILED);
    assertThat(statuses.getOrDefault(Status.TIMED_OUT, 0L)).isLessThanOrEqualTo(calls / 100);
    // every status a built-in can give was met, and a good share of outcomes were certain
    assertThat(statuses).containsKeys(Status.SCORED, Status.NO_ANSWER, Status.REJECTED);
    assertThat(checkedOutcomes).isGreaterThan(CASES / 10);
    // closed, the verifiers leave no thread behind: the built-ins stop at their caps, so even
    // a call abandoned at the limit ends soon after
    assertThat(verifierThreadsAfter(Duration.ofSeconds(10))).isZero();
    assertThat(StuckCalls.count()).isZero();
  }

  /** Live verifier threads of this JVM once they had {@code grace} to end. */
  private static long verifierThreadsAfter(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    long live;
    do {
      live = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("ngrpo-verifier-") && t.isAlive()).count();
      if (live > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
      }
    } while (live > 0 && System.nanoTime() < deadline);
    return live;
  }

  private static VerificationResult verify(TimeLimitedVerifier verifier, String response,
      String reference, Duration limit, String what) {
    long start = System.nanoTime();
    VerificationResult r = verifier.verify(response, reference);
    long elapsed = System.nanoTime() - start;
    assertThat(elapsed).as("%s: %d ms", what, elapsed / 1_000_000)
        .isLessThanOrEqualTo(limit.toNanos() + SLACK_NANOS);
    assertThat(r.status()).as(what).isNotEqualTo(Status.FAILED);
    assertThat(r.score()).as(what).isBetween(0f, FULL_SCORE);
    return r;
  }

  /** 1 when {@code expected} was checked against {@code r}, 0 when not (any, or timed out). */
  private static int check(VerificationResult r, Outcome expected, String what) {
    if (expected == Outcome.ANY || r.status() == Status.TIMED_OUT) {
      return 0;
    }
    VerificationResult want = switch (expected) {
      case CORRECT -> new VerificationResult(FULL_SCORE, Status.SCORED);
      case WRONG -> new VerificationResult(0f, Status.SCORED);
      case NO_ANSWER -> new VerificationResult(0f, Status.NO_ANSWER);
      default -> new VerificationResult(0f, Status.REJECTED);
    };
    assertThat(r).as(what).isEqualTo(want);
    return 1;
  }
}
