package dev.ngrpo.learner.critic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenRewardsTest {
  private static final float[] OLD = {-1.0f, -0.5f, -2.0f};
  private static final float[] REF = {-1.2f, -0.5f, -1.0f};

  @Test
  void klInRewardPlusTheOutcomeOnTheLastToken() {
    // -0.1 (-1.0 + 1.2) = -0.02; -0.1 (-0.5 + 0.5) = 0; -0.1 (-2.0 + 1.0) = +0.1, plus 1 = 1.1.
    assertThat(TokenRewards.of(1f, OLD, REF, 0.1))
        .containsExactly(new float[] {-0.02f, 0f, 1.1f}, within(1e-6f));
  }

  @Test
  void betaZeroNeedsNoReference() {
    assertThat(TokenRewards.of(1f, OLD, null, 0)).containsExactly(0f, 0f, 1f);
    // With a reference and beta 0 there is still no KL term.
    assertThat(TokenRewards.of(0.5f, OLD, REF, 0)).containsExactly(0f, 0f, 0.5f);
  }

  @Test
  void singleTokenCarriesBothTerms() {
    // -0.5 (-3 + 1) = +1, plus reward -1 = 0.
    assertThat(TokenRewards.of(-1f, new float[] {-3f}, new float[] {-1f}, 0.5))
        .containsExactly(0f);
  }

  @Test
  void emptyResponse() {
    assertThat(TokenRewards.of(1f, new float[0], new float[0], 0.1)).isEmpty();
  }

  @Test
  void missingReferenceWithBetaIsAnError() {
    assertThatThrownBy(() -> TokenRewards.of(1f, OLD, null, 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.05")
        .hasMessageContaining("reference");
  }

  @Test
  void rejectsBadBetaAndLengths() {
    assertThatThrownBy(() -> TokenRewards.of(1f, OLD, REF, -0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
    assertThatThrownBy(() -> TokenRewards.of(1f, OLD, new float[2], 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oldLogProbs has 3")
        .hasMessageContaining("refLogProbs has 2");
  }
}
