package dev.ngrpo.learner.filter;

import dev.ngrpo.core.data.RolloutGroup;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Drops the groups whose {@link GroupOutcome} is in a fixed set. */
final class OutcomeFilter implements GroupFilter {
  private final String name;
  private final Set<GroupOutcome> dropped;

  OutcomeFilter(String name, Set<GroupOutcome> dropped) {
    this.name = name;
    this.dropped = dropped.isEmpty() ? EnumSet.noneOf(GroupOutcome.class) : EnumSet.copyOf(dropped);
  }

  @Override
  public FilteredGroups apply(List<RolloutGroup> groups, double maxReward) {
    GroupOutcome.requireMaxReward(maxReward);
    List<RolloutGroup> kept = new ArrayList<>(groups.size());
    int correct = 0;
    int wrong = 0;
    int other = 0;
    for (RolloutGroup g : groups) {
      GroupOutcome outcome = GroupOutcome.of(g.rewards(), maxReward);
      if (!dropped.contains(outcome)) {
        kept.add(g);
        continue;
      }
      switch (outcome) {
        case ALL_CORRECT -> correct++;
        case ALL_WRONG -> wrong++;
        case OTHER_HOMOGENEOUS -> other++;
        case MIXED -> throw new IllegalStateException("filter " + name + " drops mixed groups");
      }
    }
    return new FilteredGroups(kept, correct, wrong, other);
  }

  @Override
  public String name() {
    return name;
  }
}
