package dev.ngrpo.learner.filter;

import dev.ngrpo.core.data.RolloutGroup;

/**
 * What a group's scores say about the prompt, for filtering and metrics. Scores are the
 * verifiers' verdicts in {@code [0, 1]}: a response is correct when it scores full marks, 1,
 * whatever r_max the algorithm scales rewards by.
 */
public enum GroupOutcome {
  /** Every score is 1. */
  ALL_CORRECT,
  /** Every score is 0. */
  ALL_WRONG,
  /** Every score is the same value, neither 0 nor 1 (e.g. all partial credit 0.5). */
  OTHER_HOMOGENEOUS,
  /** At least two different scores: the only kind GRPO learns from. */
  MIXED;

  /**
   * The outcome of one group.
   *
   * @param scores {@code [G]} scores in {@code [0, 1]}, G at least 1
   */
  public static GroupOutcome of(float[] scores) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("a group needs at least one score");
    }
    float first = scores[0];
    for (float r : scores) {
      if (r != first) {
        return MIXED;
      }
    }
    if (first == RolloutGroup.FULL_SCORE) {
      return ALL_CORRECT;
    }
    return first == 0f ? ALL_WRONG : OTHER_HOMOGENEOUS;
  }
}
