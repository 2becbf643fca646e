package dev.ngrpo.rollout.verify;

import dev.ngrpo.core.data.Grading;
import java.util.Arrays;

/**
 * The scores of the G responses of one group and how verification went.
 *
 * @param scores {@code [G]} scores in {@code [0, 1]}; 0 where verification did not score
 * @param timeouts responses whose verification ran past the time limit: ungraded
 * @param failures responses whose verifier threw or broke its {@code [0, 1]} contract:
 *     ungraded
 * @param rejected responses the verifier gave up on because they exceeded its caps
 *     ({@link Verdict#REJECTED}): scored 0
 * @param unanswered responses without a final answer in the verifier's required form
 *     ({@link Verdict#NO_ANSWER}): format failures, scored 0
 * @param ungradedNote the first ungraded response and why ({@link Grading#note}); empty when
 *     every response was graded
 */
public record GroupVerification(float[] scores, int timeouts, int failures, int rejected,
    int unanswered, String ungradedNote) {

  /** What the group carries to the learner. */
  public Grading grading() {
    return new Grading(rejected, timeouts + failures, unanswered, ungradedNote);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupVerification g && timeouts == g.timeouts && failures == g.failures
        && rejected == g.rejected && unanswered == g.unanswered
        && Arrays.equals(scores, g.scores)
        && ungradedNote.equals(g.ungradedNote);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * (31 * Arrays.hashCode(scores) + timeouts) + failures) + rejected)
        + unanswered;
  }

  @Override
  public String toString() {
    return "GroupVerification[scores=" + Arrays.toString(scores) + ", timeouts=" + timeouts
        + ", failures=" + failures + ", rejected=" + rejected + ", unanswered=" + unanswered
        + ", note=" + ungradedNote + "]";
  }
}
