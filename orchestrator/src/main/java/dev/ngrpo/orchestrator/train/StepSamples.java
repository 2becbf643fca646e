package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.learner.step.Learner;
import dev.ngrpo.orchestrator.config.LogSettings;
import dev.ngrpo.orchestrator.metrics.GroupSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The groups of a step that go to {@code samples.jsonl} ({@code ngrpo.log}): on a due step,
 * the groups of its first {@code samples-groups} prompts, in the order the data cursor gave
 * them. The first, not a random pick: the data order is fixed by the run's seed, so a rerun
 * or a resume writes the same groups without a random stream of its own that a checkpoint
 * would have to carry. A rollout returns its groups sorted by prompt index, not in data
 * order, so each prompt's group is looked up by its prompt.
 */
final class StepSamples {
  private StepSamples() {}

  /** A chosen group and the prompt it answers. */
  record Pick(RolloutGroup group, PromptTask task) {}

  /**
   * The groups of {@code step} to write, with their prompts: those of the first
   * {@code samples-groups} of {@code tasks} when the step is due, else none.
   *
   * @param generated the step's groups, one per task, in any order
   * @param tasks the step's prompts, in the order they were rolled out
   * @throws IllegalStateException when a prompt has no group
   */
  static List<Pick> chosen(LogSettings log, long step, List<RolloutGroup> generated,
      List<PromptTask> tasks) {
    if (!log.samplesDue(step)) {
      return List.of();
    }
    Set<RolloutGroup> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Pick> picks = new ArrayList<>();
    for (PromptTask t : tasks.subList(0, Math.min(log.samplesGroups(), tasks.size()))) {
      RolloutGroup g = generated.stream().filter(c -> !taken.contains(c)
          && c.promptIndex() == t.promptIndex() && c.promptId().equals(t.promptId()))
          .findFirst().orElseThrow(() -> new IllegalStateException(
              "step " + step + ": no group for prompt " + t.promptId()));
      taken.add(g);
      picks.add(new Pick(g, t));
    }
    return picks;
  }

  /**
   * The samples of {@code step}, whose groups {@code learner} has just trained on: each
   * chosen group with its rewards and, when the step trained on it, its advantages.
   */
  static List<GroupSample> of(LogSettings log, long step, List<RolloutGroup> generated,
      List<PromptTask> tasks, Learner learner, int batchSize, Tokenizer tokenizer) {
    List<Pick> chosen = chosen(log, step, generated, tasks);
    if (chosen.isEmpty()) {
      return List.of();
    }
    Set<RolloutGroup> trained = Collections.newSetFromMap(new IdentityHashMap<>());
    trained.addAll(learner.trainedOf(generated, batchSize));
    List<GroupSample> out = new ArrayList<>();
    for (Pick p : chosen) {
      RolloutGroup g = p.group();
      out.add(GroupSample.of(step, g, p.task(), tokenizer, learner.rewards(g),
          trained.contains(g) ? learner.advantages(g) : null));
    }
    return out;
  }
}
