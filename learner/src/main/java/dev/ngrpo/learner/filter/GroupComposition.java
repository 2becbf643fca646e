package dev.ngrpo.learner.filter;

import dev.ngrpo.core.data.RolloutGroup;
import java.util.List;

/**
 * How many groups of a batch are all correct, all wrong or mixed (docs/algorithm.md section 6).
 * "Mixed" is every other group, so the three counts add up to the number of groups; a group of
 * identical partial scores (e.g. all 0.5) counts as mixed here.
 *
 * @param allCorrect groups whose every score is full marks
 * @param allWrong groups whose every score is 0
 * @param mixed the rest
 */
public record GroupComposition(int allCorrect, int allWrong, int mixed) {

  public static GroupComposition of(List<RolloutGroup> groups) {
    int correct = 0;
    int wrong = 0;
    int other = 0;
    for (RolloutGroup g : groups) {
      switch (GroupOutcome.of(g.rewards())) {
        case ALL_CORRECT -> correct++;
        case ALL_WRONG -> wrong++;
        default -> other++;
      }
    }
    return new GroupComposition(correct, wrong, other);
  }

  public int total() {
    return allCorrect + allWrong + mixed;
  }
}
