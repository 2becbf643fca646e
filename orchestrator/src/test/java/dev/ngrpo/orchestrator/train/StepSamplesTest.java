package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Grading;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.orchestrator.config.LogSettings;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which groups of a step go to samples.jsonl. */
class StepSamplesTest {
  private static final List<PromptTask> TASKS = IntStream.range(0, 3)
      .mapToObj(p -> new PromptTask("p" + p, p, "t", new int[] {3}, "4")).toList();
  /** The groups as Spark returned them: not in prompt order. */
  private static final List<RolloutGroup> GROUPS = IntStream.of(2, 0, 1)
      .mapToObj(p -> new RolloutGroup("p" + p, p, "t", new int[] {3}, 0, new int[][] {{4}},
          new float[][] {{-1f}}, new float[] {1f}, new boolean[1], 0, 0, Grading.ALL_GRADED))
      .toList();

  private static List<String> chosen(LogSettings log, long step) {
    return StepSamples.chosen(log, step, GROUPS, TASKS).stream()
        .map(p -> p.group().promptId() + "/" + p.task().promptId()).toList();
  }

  @Test
  void aDueStepGivesTheGroupsOfItsFirstPromptsInPromptOrder() {
    LogSettings log = new LogSettings(10, 2);
    assertThat(chosen(log, 0)).containsExactly("p0/p0", "p1/p1");
    assertThat(chosen(log, 20)).containsExactly("p0/p0", "p1/p1");
    assertThat(chosen(log, 5)).isEmpty();
    // more groups asked for than the step has: all of them
    assertThat(chosen(new LogSettings(1, 5), 5)).containsExactly("p0/p0", "p1/p1", "p2/p2");
    assertThat(chosen(new LogSettings(0, 2), 0)).isEmpty();
    assertThatThrownBy(() -> StepSamples.chosen(log, 0, GROUPS.subList(0, 1), TASKS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("step 0: no group for prompt p0");
  }
}
