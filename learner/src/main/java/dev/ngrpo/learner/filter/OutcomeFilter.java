package dev.ngrpo.learner.filter;

import dev.ngrpo.core.data.RolloutGroup;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Drops the groups that could not be fully graded, then those whose {@link GroupOutcome} is in
 * a fixed set, never {@code MIXED}.
 */
final class OutcomeFilter implements GroupFilter {
  private final Set<GroupOutcome> dropped;

  OutcomeFilter(Set<GroupOutcome> dropped) {
    if (dropped.contains(GroupOutcome.MIXED)) {
      throw new IllegalArgumentException("a group filter never drops mixed groups");
    }
    this.dropped = dropped.isEmpty() ? EnumSet.noneOf(GroupOutcome.class) : EnumSet.copyOf(dropped);
  }

  @Override
  public FilteredGroups apply(List<RolloutGroup> groups) {
    List<RolloutGroup> kept = new ArrayList<>(groups.size());
    int correct = 0;
    int wrong = 0;
    int other = 0;
    int ungraded = 0;
    for (RolloutGroup g : groups) {
      if (g.grading().hasUngraded()) {
        ungraded++;
        continue;
      }
      GroupOutcome outcome = GroupOutcome.of(g.rewards());
      if (!dropped.contains(outcome)) {
        kept.add(g);
        continue;
      }
      switch (outcome) {
        case ALL_CORRECT -> correct++;
        case ALL_WRONG -> wrong++;
        default -> other++;
      }
    }
    return new FilteredGroups(kept, correct, wrong, other, ungraded);
  }
}
