package dev.ngrpo.learner.filter;

import dev.ngrpo.core.config.Registry;
import java.util.EnumSet;
import java.util.List;

/**
 * The group filters by name (docs/algorithm.md section 3):
 *
 * <ul>
 *   <li>{@code none}: keeps every group ({@code grpo}, {@code w-reinforce});
 *   <li>{@code drop-all-correct}: drops groups whose every score is full marks; all-wrong groups
 *       are kept because calibration gives them a signal ({@code ngrpo});
 *   <li>{@code drop-homogeneous}: drops every group whose scores are all equal: all correct,
 *       all wrong, or all one other value ({@code dapo}).
 * </ul>
 */
public final class GroupFilters {
  private static final Registry<GroupFilter> REGISTRY = Registry.<GroupFilter>of("group filter")
      .add("none", new OutcomeFilter(EnumSet.noneOf(GroupOutcome.class)))
      .add("drop-all-correct", new OutcomeFilter(EnumSet.of(GroupOutcome.ALL_CORRECT)))
      .add("drop-homogeneous", new OutcomeFilter(EnumSet.of(
          GroupOutcome.ALL_CORRECT, GroupOutcome.ALL_WRONG, GroupOutcome.OTHER_HOMOGENEOUS)))
      .build();

  private GroupFilters() {}

  /** The filter called {@code name}; filters are stateless and shared. */
  public static GroupFilter create(String name) {
    return REGISTRY.get(name);
  }

  /** The names, for checking a configured one. */
  public static Registry<?> registry() {
    return REGISTRY;
  }

  /** Current names, in registration order. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}
