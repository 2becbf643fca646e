package dev.ngrpo.learner.filter;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The group filters by name (docs/algorithm.md section 3):
 *
 * <ul>
 *   <li>{@code none}: keeps every group ({@code grpo}, {@code w_reinforce});
 *   <li>{@code drop-all-correct}: drops groups whose every reward is r_max; all-wrong groups are
 *       kept because calibration gives them a signal ({@code ngrpo});
 *   <li>{@code drop-homogeneous}: drops every group whose rewards are all equal: all correct,
 *       all wrong, or all one other value ({@code dapo}).
 * </ul>
 *
 * An unknown name fails listing the known ones.
 */
public final class GroupFilters {
  private static final Map<String, GroupFilter> FILTERS = new LinkedHashMap<>();

  static {
    register(new OutcomeFilter("none", EnumSet.noneOf(GroupOutcome.class)));
    register(new OutcomeFilter("drop-all-correct", EnumSet.of(GroupOutcome.ALL_CORRECT)));
    register(new OutcomeFilter("drop-homogeneous", EnumSet.of(
        GroupOutcome.ALL_CORRECT, GroupOutcome.ALL_WRONG, GroupOutcome.OTHER_HOMOGENEOUS)));
  }

  private GroupFilters() {}

  private static void register(GroupFilter filter) {
    FILTERS.put(filter.name(), filter);
  }

  /** The filter called {@code name}; filters are stateless and shared. */
  public static GroupFilter create(String name) {
    GroupFilter filter = FILTERS.get(name);
    if (filter == null) {
      throw new IllegalArgumentException("unknown group filter '" + name + "'; known: " + names());
    }
    return filter;
  }

  /** Known names, in registration order. */
  public static List<String> names() {
    return List.copyOf(FILTERS.keySet());
  }
}
