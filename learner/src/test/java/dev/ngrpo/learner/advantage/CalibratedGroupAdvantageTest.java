package dev.ngrpo.learner.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibratedGroupAdvantageTest {
  private final CalibratedGroupAdvantage ngrpo = new CalibratedGroupAdvantage(1.0, 1);
  private final GroupNormalizedAdvantage grpo = new GroupNormalizedAdvantage();

  @Test
  void allWrongGroupOfEightGetsMinusOneThirdWhereGrpoGivesZero() {
    float[] rewards = new float[8];
    // r' = 8 zeros + one 1: mean 1/9; unbiased var = (8/81 + 64/81) / 8 = 1/9, std 1/3;
    // A = -(1/9) / (1/3 + 1e-6) = -0.333332.
    float[] a = ngrpo.advantages("p", rewards);
    assertThat(a).hasSize(8);
    for (float v : a) {
      assertThat((double) v).isCloseTo(-1.0 / 3, within(1e-5));
      assertThat((double) v).isCloseTo(-0.333332, within(5e-7));
    }
    // GRPO: mean 0, std 0, A = 0 / 1e-6 = 0: the dead zone NGRPO removes.
    assertThat(grpo.advantages("p", rewards)).containsOnly(0f);
  }

  @Test
  void fourOfEightCorrect() {
    float[] rewards = {1, 1, 1, 1, 0, 0, 0, 0};
    // r' = 5 ones + 4 zeros: mean 5/9; var = (5 (4/9)^2 + 4 (5/9)^2) / 8 = 5/18, std 0.527046;
    // correct (4/9)/0.527047 = 0.843272, wrong -(5/9)/0.527047 = -1.054091.
    float[] a = ngrpo.advantages("p", rewards);
    for (int i = 0; i < 4; i++) {
      assertThat((double) a[i]).isCloseTo(0.843272, within(1e-6));
      assertThat((double) a[i + 4]).isCloseTo(-1.054091, within(1e-6));
    }
    // GRPO: mean 0.5, var 8 * 0.25 / 7 = 2/7, std 0.534522; A = +/-0.5/0.534523 = 0.935413.
    float[] g = grpo.advantages("p", rewards);
    for (int i = 0; i < 4; i++) {
      assertThat((double) g[i]).isCloseTo(0.935413, within(1e-6));
      assertThat((double) g[i + 4]).isCloseTo(-0.935413, within(1e-6));
    }
  }

  @Test
  void twoVirtualSamples() {
    CalibratedGroupAdvantage k2 = new CalibratedGroupAdvantage(1.0, 2);
    // r' = (1, 0, 0, 0, 1, 1): mean 3/6 = 0.5; squares 6 * 0.25 = 1.5, var 1.5/5 = 0.3,
    // std 0.547723; A = +/-0.5 / 0.547724 = +/-0.912869.
    float[] a = k2.advantages("p", new float[] {1, 0, 0, 0});
    assertThat((double) a[0]).isCloseTo(0.912869, within(1e-6));
    for (int i = 1; i < 4; i++) {
      assertThat((double) a[i]).isCloseTo(-0.912869, within(1e-6));
    }
  }

  @Test
  void groupOfOneUsesTheVirtualSampleForItsStatistics() {
    // r' = (0, 1): mean 0.5, std sqrt(0.5) = 0.707107; A = -0.5 / 0.707108 = -0.707106.
    assertThat((double) ngrpo.advantages("p", new float[] {0})[0])
        .isCloseTo(-0.707106, within(1e-6));
    // r' = (1, 1): std 0, A = 0 / 1e-6 = 0.
    assertThat(ngrpo.advantages("p", new float[] {1})).containsExactly(0f);
  }

  @Test
  void partialRewardBelowTheCalibratedMeanIsPushedDown() {
    float[] rewards = {0.9f, 0.5f, 0.5f, 0.0f};
    // r' = (0.9, 0.5, 0.5, 0, 1): mean 2.9/5 = 0.58, std 0.396232.
    // 0.9 -> 0.32/0.396233 = 0.807605; 0.5 -> -0.08/0.396233 = -0.201901; 0 -> -1.463784.
    float[] a = ngrpo.advantages("p", rewards);
    assertThat((double) a[0]).isCloseTo(0.807605, within(1e-6));
    assertThat((double) a[1]).isCloseTo(-0.201901, within(1e-6));
    assertThat((double) a[3]).isCloseTo(-1.463784, within(1e-6));
    // GRPO's mean is 0.475, so it pushes the same 0.5 up: +0.067832.
    assertThat((double) grpo.advantages("p", rewards)[1]).isCloseTo(0.067832, within(1e-6));
  }

  @Test
  void neverPositiveBelowTheCalibratedMean() {
    float[][] groups = {
      {0.6f, 0.6f, 0.6f, 0.6f},
      {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f},
      {0.99f, 0.0f},
      {1f, 0.95f, 0.9f, 0.85f},
    };
    for (float[] rewards : groups) {
      double mean = GroupStatistics.mean(rewards, 1, 1.0);
      float[] a = ngrpo.advantages("p", rewards);
      for (int i = 0; i < rewards.length; i++) {
        if (rewards[i] < mean) {
          assertThat(a[i]).as("reward %s, calibrated mean %s", rewards[i], mean).isNegative();
        }
      }
    }
    // All 0.6: r' = (0.6 x4, 1): mean 0.68; squares 4 * 0.0064 + 0.1024 = 0.128,
    // std sqrt(0.128 / 4) = 0.178885;
    // A = -0.08 / 0.178886 = -0.447211 each, where grpo gives 0.
    for (float v : ngrpo.advantages("p", groups[0])) {
      assertThat((double) v).isCloseTo(-0.447211, within(1e-6));
    }
  }

  @Test
  void rewardAboveMaxRewardNamesPromptAndValue() {
    assertThatThrownBy(() -> ngrpo.advantages("math/17", new float[] {0, 1.5f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("math/17")
        .hasMessageContaining("1.5")
        .hasMessageContaining("response 1");
  }

  @Test
  void nonFiniteRewardNamesPromptAndValue() {
    assertThatThrownBy(() -> ngrpo.advantages("math/3", new float[] {Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("math/3")
        .hasMessageContaining("NaN");
  }

  @Test
  void maxRewardComparesInFloat() {
    CalibratedGroupAdvantage tenth = new CalibratedGroupAdvantage(0.1, 1);
    // 0.1f is not above r_max 0.1, and an all-r_max group gets exactly 0.
    assertThat(tenth.advantages("p", new float[] {0.1f, 0.1f})).containsExactly(0f, 0f);
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> new CalibratedGroupAdvantage(0, 1))
        .hasMessageContaining("max reward").hasMessageContaining("0.0");
    assertThatThrownBy(() -> new CalibratedGroupAdvantage(1, 0))
        .hasMessageContaining("virtual samples").hasMessageContaining("0");
  }
}
