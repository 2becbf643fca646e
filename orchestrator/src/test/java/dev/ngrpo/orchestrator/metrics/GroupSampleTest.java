package dev.ngrpo.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Grading;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import org.junit.jupiter.api.Test;

/** A line of samples.jsonl: every field of a hand-built group, and texts cut to size. */
class GroupSampleTest {
  // CharTokenizer.arithmetic: 0 <pad>, 1 <eos>, 2 <unk>, 3..12 the digits, 13 "+", 16 "="
  private static final int[] PROMPT = {5, 13, 6, 16}; // "2+3="
  private static final PromptTask TASK = new PromptTask("p7", 7, "arithmetic", PROMPT, "5");

  private static RolloutGroup group(Grading grading) {
    // "5<eos>" (stopped, correct) and "66" (cut at max-new-tokens = 2, wrong)
    return new RolloutGroup("p7", 7, "arithmetic", PROMPT, 3, new int[][] {{8, 1}, {9, 9}},
        new float[][] {{-0.5f, -0.25f}, {-1f, -2f}}, new float[] {1f, 0f},
        new boolean[] {false, true}, 10, 20, grading);
  }

  @Test
  void aTrainedGroupBecomesOneLineWithEveryResponse() {
    try (CharTokenizer tok = CharTokenizer.arithmetic()) {
      // r_max 2: rewards 2 and 0; advantages as the estimator gave them
      GroupSample s = GroupSample.of(4, group(Grading.ALL_GRADED), TASK, tok,
          new float[] {2f, 0f}, new float[] {0.5f, -0.5f});
      assertThat(s.json()).isEqualTo("{\"step\":4,\"weights.version\":3,\"prompt.id\":\"p7\","
          + "\"task\":\"arithmetic\",\"prompt\":\"2+3=\",\"reference\":\"5\",\"trained\":true,"
          + "\"ungraded\":0,\"rejected\":0,\"responses\":["
          + "{\"text\":\"5<eos>\",\"tokens\":2,\"truncated\":false,\"score\":1.0,"
          + "\"reward\":2.0,\"advantage\":0.5},"
          + "{\"text\":\"66\",\"tokens\":2,\"truncated\":true,\"score\":0.0,"
          + "\"reward\":0.0,\"advantage\":-0.5}]}");
    }
  }

  @Test
  void aGroupTheStepLeftOutHasNoAdvantagesAndSaysWhatTheVerifierCouldNotGrade() {
    try (CharTokenizer tok = CharTokenizer.arithmetic()) {
      GroupSample s = GroupSample.of(4, group(new Grading(0, 1, 0, Grading.note("66", "time-out"))),
          TASK, tok, new float[] {1f, 0f}, null);
      assertThat(s.trained()).isFalse();
      assertThat(s.ungraded()).isEqualTo(1);
      assertThat(s.json()).contains("\"trained\":false,\"ungraded\":1,\"rejected\":0,")
          .contains("\"reward\":1.0,\"advantage\":null}")
          .contains("\"reward\":0.0,\"advantage\":null}");
      assertThatThrownBy(() -> GroupSample.of(4, group(Grading.ALL_GRADED),
          new PromptTask("p8", 8, "arithmetic", PROMPT, "5"), tok, new float[2], null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("group of prompt p7 paired with the task of prompt p8");
    }
  }

  @Test
  void textsOverTwoThousandCharactersAreCutWithAMarker() {
    assertThat(GroupSample.cut("x".repeat(2000))).isEqualTo("x".repeat(2000));
    assertThat(GroupSample.cut("x".repeat(2500)))
        .isEqualTo("x".repeat(2000) + " [... 500 more characters]");
    // an emoji across the cut is two chars: it goes whole, 1999 + 2 + 10 - 1999 = 12 cut
    assertThat(GroupSample.cut("a".repeat(1999) + "\uD83D\uDE00" + "b".repeat(10)))
        .isEqualTo("a".repeat(1999) + " [... 12 more characters]");
  }
}
