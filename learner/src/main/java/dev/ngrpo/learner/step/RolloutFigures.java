package dev.ngrpo.learner.step;

import static dev.ngrpo.core.data.MetricNames.ACCURACY;
import static dev.ngrpo.core.data.MetricNames.FORMAT_FAILURES;
import static dev.ngrpo.core.data.MetricNames.GROUPS_ALL_CORRECT;
import static dev.ngrpo.core.data.MetricNames.GROUPS_ALL_WRONG;
import static dev.ngrpo.core.data.MetricNames.GROUPS_GENERATED;
import static dev.ngrpo.core.data.MetricNames.GROUPS_MIXED;
import static dev.ngrpo.core.data.MetricNames.GROUPS_UNGRADED;
import static dev.ngrpo.core.data.MetricNames.LENGTH_MAX;
import static dev.ngrpo.core.data.MetricNames.LENGTH_MEAN;
import static dev.ngrpo.core.data.MetricNames.REWARD_MEAN;
import static dev.ngrpo.core.data.MetricNames.TRUNCATED;
import static dev.ngrpo.core.data.MetricNames.VERIFICATION_FAILURES;
import static dev.ngrpo.core.data.MetricNames.VERIFIER_UNGRADED;

import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.learner.filter.GroupComposition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the policy produced this step, before any filtering: rewards (scores scaled by r_max),
 * accuracy (the share of full scores), lengths, format failures. Groups with an ungraded
 * response are counted, but their scores, lengths and format failures are left out: a
 * placeholder 0 is no verdict.
 */
final class RolloutFigures {
  private RolloutFigures() {}

  static void put(StepMetrics.Builder metrics, List<RolloutGroup> groups, double maxReward) {
    double rewardSum = 0;
    long correct = 0;
    long responses = 0;
    long lengthSum = 0;
    int lengthMax = 0;
    long truncated = 0;
    long unanswered = 0;
    long failures = 0;
    long ungraded = 0;
    int ungradedGroups = 0;
    float rMax = (float) maxReward;
    List<RolloutGroup> graded = new ArrayList<>(groups.size());
    for (RolloutGroup g : groups) {
      failures += g.grading().rejected() + g.grading().ungraded();
      ungraded += g.grading().ungraded();
      if (g.grading().hasUngraded()) {
        ungradedGroups++;
        continue;
      }
      graded.add(g);
      unanswered += g.grading().unanswered();
      for (int i = 0; i < g.groupSize(); i++) {
        rewardSum += g.rewards()[i] * rMax;
        correct += g.rewards()[i] == RolloutGroup.FULL_SCORE ? 1 : 0;
        lengthSum += g.responseLength(i);
        lengthMax = Math.max(lengthMax, g.responseLength(i));
        truncated += g.truncated()[i] ? 1 : 0;
        responses++;
      }
    }
    GroupComposition c = GroupComposition.of(graded);
    double n = Math.max(1, responses);
    metrics.put(REWARD_MEAN, rewardSum / n)
        .put(ACCURACY, correct / n)
        .put(GROUPS_GENERATED, groups.size())
        .put(GROUPS_ALL_CORRECT, c.allCorrect())
        .put(GROUPS_ALL_WRONG, c.allWrong())
        .put(GROUPS_MIXED, c.mixed())
        .put(LENGTH_MEAN, lengthSum / n)
        .put(LENGTH_MAX, lengthMax)
        .put(TRUNCATED, truncated / n)
        .put(FORMAT_FAILURES, unanswered / n)
        .put(VERIFICATION_FAILURES, failures)
        .put(VERIFIER_UNGRADED, ungraded)
        .put(GROUPS_UNGRADED, ungradedGroups);
  }
}
