package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.rollout.verify.AnswerFormat;
import org.junit.jupiter.api.Test;

/** The response the warm start teaches is the reference answer in the verifier's format. */
class SupervisedWarmStartTest {
  // printable ASCII: id = 3 + (character - ' '); 1 is the end of sequence
  private final CharTokenizer chars = CharTokenizer.printableAscii();

  @Test
  void boxedFormatTeachesTheBoxedAnswerThenTheEndOfSequence() {
    // \ b o x e d { 4 2 } <eos>
    assertThat(SupervisedWarmStart.target("42", AnswerFormat.BOXED, chars))
        .containsExactly(63, 69, 82, 91, 72, 71, 94, 23, 21, 96, 1);
  }

  @Test
  void noFormatTeachesTheBareAnswer() {
    assertThat(SupervisedWarmStart.target("42", AnswerFormat.NONE, chars))
        .containsExactly(23, 21, 1);
  }
}
