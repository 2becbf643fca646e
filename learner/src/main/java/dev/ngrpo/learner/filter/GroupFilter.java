package dev.ngrpo.learner.filter;

import dev.ngrpo.core.data.RolloutGroup;
import java.util.List;

/**
 * DAPO-style "dynamic sampling" (docs/algorithm.md section 3): after rewards and before advantages,
 * drops whole groups that carry no learning signal under the chosen estimator. A group is kept
 * or dropped as a whole, never split. Refilling the batch with more prompts is the caller's job.
 *
 * <p>Every filter, {@code none} included, drops a group with an ungraded response first: its
 * responses must add no loss and no advantage statistics, since a verification that threw or
 * timed out is no verdict, and a made-up 0 would push the policy away from answers nobody
 * graded.
 */
public interface GroupFilter {

  /**
   * Splits {@code groups} into kept and dropped.
   *
   * @param groups scored groups, in batch order
   * @return the kept groups in their original order and the dropped counts by reason
   */
  FilteredGroups apply(List<RolloutGroup> groups);
}
