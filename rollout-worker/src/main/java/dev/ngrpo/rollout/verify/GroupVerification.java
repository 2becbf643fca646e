package dev.ngrpo.rollout.verify;

import java.util.Arrays;

/**
 * The scores of the G responses of one group, with the counts whose sum
 * {@code timeouts + failures + rejected} goes into
 * {@link dev.ngrpo.core.data.RolloutGroup#verificationFailures()} and the step metrics.
 *
 * @param rewards {@code [G]} scores in {@code [0, 1]}; 0 where verification did not score
 * @param timeouts responses whose verification ran past the time limit
 * @param failures responses whose verifier threw or broke its {@code [0, 1]} contract
 * @param rejected responses the verifier gave up on because they exceeded its caps
 *     ({@link Verdict#REJECTED})
 */
public record GroupVerification(float[] rewards, int timeouts, int failures, int rejected) {

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupVerification g && timeouts == g.timeouts && failures == g.failures
        && rejected == g.rejected && Arrays.equals(rewards, g.rewards);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * Arrays.hashCode(rewards) + timeouts) + failures) + rejected;
  }

  @Override
  public String toString() {
    return "GroupVerification[rewards=" + Arrays.toString(rewards) + ", timeouts=" + timeouts
        + ", failures=" + failures + ", rejected=" + rejected + "]";
  }
}
