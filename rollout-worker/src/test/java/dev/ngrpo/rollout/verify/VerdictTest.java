package dev.ngrpo.rollout.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VerdictTest {

  @Test
  void aRejectedResponseScoresZero() {
    assertThat(Verdict.REJECTED).isEqualTo(new Verdict(0f, true, false));
    assertThatThrownBy(() -> new Verdict(0.5f, true, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.5");
  }

  @Test
  void aScoredVerdictIsNotRejected() {
    assertThat(Verdict.scored(0f).rejected()).isFalse();
    assertThat(Verdict.scored(0.75f)).isEqualTo(new Verdict(0.75f, false, false));
  }

  @Test
  void aResponseWithoutAnAnswerScoresZeroAndIsNotRejected() {
    assertThat(Verdict.NO_ANSWER).isEqualTo(new Verdict(0f, false, true));
    assertThatThrownBy(() -> new Verdict(1f, false, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an unanswered response must score 0, got 1.0");
    assertThatThrownBy(() -> new Verdict(0f, true, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a verdict is rejected or unanswered, not both");
  }

  @Test
  void aRejectedResultCarriesNoReward() {
    assertThatThrownBy(() -> new VerificationResult(1f, VerificationResult.Status.REJECTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REJECTED");
  }
}
