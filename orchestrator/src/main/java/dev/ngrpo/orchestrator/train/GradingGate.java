package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import java.util.List;
import java.util.Optional;

/**
 * Stops a run whose verifier could not grade too many of a step's responses
 * ({@code ngrpo.verifier.max-ungraded-fraction}), before the learner sees the step. The learner
 * already leaves out every group with an ungraded response; past the limit the verifier itself
 * is broken (a bad plug-in, a reference it cannot read, a limit too short), and training on the
 * few groups left would only hide it.
 */
final class GradingGate {
  private GradingGate() {}

  /**
   * Checks the groups of {@code step}.
   *
   * @param tasks the prompts rolled out, for the reference answer of the example
   * @throws IllegalStateException naming the verifier, the fraction and one example (prompt id,
   *     reference, response cut to 200 characters, the exception or the time-out)
   */
  static void check(long step, List<RolloutGroup> groups, List<PromptTask> tasks,
      double maxFraction, String verifier) {
    long responses = 0;
    long ungraded = 0;
    Optional<RolloutGroup> example = Optional.empty();
    for (RolloutGroup g : groups) {
      responses += g.groupSize();
      ungraded += g.grading().ungraded();
      if (example.isEmpty() && g.grading().hasUngraded()) {
        example = Optional.of(g);
      }
    }
    double fraction = responses == 0 ? 0 : (double) ungraded / responses;
    if (fraction > maxFraction) {
      RolloutGroup g = example.orElseThrow();
      String reference = tasks.stream().filter(t -> t.promptId().equals(g.promptId()))
          .map(PromptTask::referenceAnswer).findFirst().orElse("?");
      throw new IllegalStateException(String.format("step %d: verifier '%s' could not grade"
          + " %d of %d responses (%.1f%%), more than ngrpo.verifier.max-ungraded-fraction = %s;"
          + " nothing was learned from this step. For example prompt %s (reference '%s'): %s",
          step, verifier, ungraded, responses, 100 * fraction, maxFraction, g.promptId(),
          reference, g.grading().ungradedNote()));
    }
  }
}
