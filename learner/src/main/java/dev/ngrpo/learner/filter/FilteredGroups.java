package dev.ngrpo.learner.filter;

import dev.ngrpo.core.data.RolloutGroup;
import java.util.List;

/**
 * The groups a {@link GroupFilter} kept, in their original order, and how many it dropped for
 * each reason.
 *
 * @param kept the groups to train on, unmodifiable
 * @param droppedAllCorrect dropped groups whose every score is full marks
 * @param droppedAllWrong dropped groups whose every score is 0
 * @param droppedOtherHomogeneous dropped groups whose scores are all one other value
 * @param droppedUngraded dropped groups with a response the verifier could not grade
 */
public record FilteredGroups(
    List<RolloutGroup> kept,
    int droppedAllCorrect,
    int droppedAllWrong,
    int droppedOtherHomogeneous,
    int droppedUngraded) {

  public FilteredGroups {
    kept = List.copyOf(kept);
  }

  /** Groups dropped for any reason. */
  public int dropped() {
    return droppedAllCorrect + droppedAllWrong + droppedOtherHomogeneous + droppedUngraded;
  }
}
