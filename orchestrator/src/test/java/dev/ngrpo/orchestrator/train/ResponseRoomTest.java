package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.learner.reward.OverlongShaping;
import dev.ngrpo.orchestrator.data.PromptSet;
import dev.ngrpo.rollout.verify.AnswerFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up warnings when a correct answer does not fit the response limit; one character
 * is one token, and the end of sequence one more.
 */
class ResponseRoomTest {
  private final CharTokenizer chars = CharTokenizer.printableAscii();
  // four-digit sums: two of five digits (6 tokens with the end), one of four (5)
  private final PromptSet sums = new PromptSet("train",
      List.of(task("a", "10998"), task("b", "9999"), task("c", "12000")));

  @Test
  void overlongShapingThatReachesTheShortestCorrectResponseIsNamedWithItsPenalty() {
    // L = 6, buffer 1: a response of 6 tokens loses (6 - 5) / 1 = 1, one of 5 nothing
    assertThat(ResponseRoom.warnings(sums, chars, AnswerFormat.NONE, 6,
        new OverlongShaping(6, 1), "dapo")).containsExactly("DAPO's overlong shaping (preset"
            + " dapo: overlong.enabled, a buffer of 1 of the ngrpo.rollout.max-new-tokens = 6"
            + " tokens) takes up to 1.00 from the reward of a correct response to 2 of 3"
            + " training prompts, whose shortest correct response reaches into the buffer (the"
            + " longest, prompt a: '10998', 6 tokens with the end of sequence); raise"
            + " ngrpo.rollout.max-new-tokens or set overlong.enabled = false");
    // L = 8, buffer 2: 6 tokens are clear of the buffer's 7 and 8
    assertThat(ResponseRoom.warnings(sums, chars, AnswerFormat.NONE, 8,
        new OverlongShaping(8, 2), "dapo")).isEmpty();
    // L = 8, buffer 3: 6 tokens lose (6 - 5) / 3
    assertThat(ResponseRoom.warnings(sums, chars, AnswerFormat.NONE, 8,
        new OverlongShaping(8, 3), "dapo")).singleElement().asString()
        .contains("takes up to 0.33 from", "2 of 3 training prompts");
  }

  @Test
  void withoutShapingAnAnswerThatFitsIsNoWarning() {
    assertThat(ResponseRoom.warnings(sums, chars, AnswerFormat.NONE, 5, null, "grpo"))
        .isEmpty();
  }

  @Test
  void anAnswerLongerThanTheLimitInTheVerifiersFormatIsNamedForEveryMethod() {
    // \boxed{10998} is 13 tokens, \boxed{9999} 12: above L = 12, only the five-digit ones
    String warning = "2 of 3 training prompts have a reference answer longer than"
        + " ngrpo.rollout.max-new-tokens = 12 tokens in the verifier's format (the longest,"
        + " prompt a: '\\boxed{10998}', 13 tokens): no correct response to them can be"
        + " written, so they are never rewarded; raise ngrpo.rollout.max-new-tokens";
    assertThat(ResponseRoom.warnings(sums, chars, AnswerFormat.BOXED, 12, null, "grpo"))
        .containsExactly(warning);
    // with shaping, the unwritable ones are named once, and the rest against the buffer
    assertThat(ResponseRoom.warnings(sums, chars, AnswerFormat.BOXED, 12,
        new OverlongShaping(12, 2), "dapo")).hasSize(2).first().isEqualTo(warning);
    assertThat(ResponseRoom.warnings(sums, chars, AnswerFormat.BOXED, 13, null, "grpo"))
        .isEmpty();
  }

  private static PromptTask task(String id, String answer) {
    return new PromptTask(id, 0, "arithmetic", new int[] {5}, answer);
  }
}
