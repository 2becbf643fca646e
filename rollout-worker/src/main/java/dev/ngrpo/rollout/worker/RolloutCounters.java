package dev.ngrpo.rollout.worker;

import dev.ngrpo.core.data.RolloutGroup;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the rollouts of this JVM (an executor, or the driver under a local master) have done
 * since it started, for Spark's metrics system: responses generated, their tokens, generation
 * and verification time, responses the verifier could not grade, and policies built by the
 * {@link PolicyCache}. Counts only grow, as a metrics sink expects of a counter; a retried
 * Spark task counts again, since its work was done again.
 */
public final class RolloutCounters {
  private static final LongAdder RESPONSES = new LongAdder();
  private static final LongAdder TOKENS = new LongAdder();
  private static final LongAdder GENERATION_NANOS = new LongAdder();
  private static final LongAdder VERIFICATION_NANOS = new LongAdder();
  private static final LongAdder UNGRADED = new LongAdder();

  private RolloutCounters() {}

  /**
   * The counts of one JVM at one moment.
   *
   * @param responses responses generated (each verified once: the verifier's calls)
   * @param tokens response tokens generated
   * @param generationSeconds time generating them
   * @param verificationSeconds time verifying them
   * @param ungraded responses whose verification failed or timed out
   * @param policyLoads policies built from published weights
   */
  public record Snapshot(long responses, long tokens, double generationSeconds,
      double verificationSeconds, long ungraded, long policyLoads) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Nothing done yet. */
    public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0);

    /** The sum of two JVMs' counts. */
    public Snapshot plus(Snapshot o) {
      return new Snapshot(responses + o.responses, tokens + o.tokens,
          generationSeconds + o.generationSeconds, verificationSeconds + o.verificationSeconds,
          ungraded + o.ungraded, policyLoads + o.policyLoads);
    }
  }

  /** Counts the groups one partition rolled out. */
  static void record(List<RolloutGroup> groups) {
    for (RolloutGroup g : groups) {
      RESPONSES.add(g.groupSize());
      TOKENS.add(g.responseTokenCount());
      GENERATION_NANOS.add(g.generationNanos());
      VERIFICATION_NANOS.add(g.verificationNanos());
      UNGRADED.add(g.grading().ungraded());
    }
  }

  /** This JVM's counts now. */
  public static Snapshot snapshot() {
    return new Snapshot(RESPONSES.sum(), TOKENS.sum(), GENERATION_NANOS.sum() / 1e9,
        VERIFICATION_NANOS.sum() / 1e9, UNGRADED.sum(), PolicyCache.shared().builds());
  }
}
