package dev.ngrpo.learner.critic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaeTest {
  private static final float[] VALUES = {0.5f, 0.4f, 0.6f, 0.8f};
  /** Outcome reward 1 on the last token, nothing before. */
  private static final float[] OUTCOME = {0, 0, 0, 1};
  /** KL-in-reward-like: small per-token terms and an outcome on the last token. */
  private static final float[] SHAPED = {-0.1f, 0.05f, -0.2f, 0.9f};

  private static void assertGae(float[] rewards, double gamma, double lambda,
      double[] advantages, double[] returns) {
    float[] a = Gae.advantages(rewards, VALUES, gamma, lambda);
    assertThat(a).hasSize(advantages.length);
    for (int t = 0; t < a.length; t++) {
      assertThat((double) a[t]).as("A_%d", t).isCloseTo(advantages[t], within(1e-6));
    }
    float[] r = Gae.returns(a, VALUES);
    for (int t = 0; t < r.length; t++) {
      assertThat((double) r[t]).as("R_%d", t).isCloseTo(returns[t], within(1e-6));
    }
  }

  @Test
  void outcomeRewardMonteCarlo() {
    // gamma = lambda = 1. delta_3 = 1 + 0 - 0.8 = 0.2; delta_2 = 0 + 0.8 - 0.6 = 0.2;
    // delta_1 = 0.6 - 0.4 = 0.2; delta_0 = 0.4 - 0.5 = -0.1.
    // A_3 = 0.2, A_2 = 0.4, A_1 = 0.6, A_0 = 0.5; R = A + V = 1 everywhere.
    assertGae(OUTCOME, 1, 1, new double[] {0.5, 0.6, 0.4, 0.2}, new double[] {1, 1, 1, 1});
  }

  @Test
  void outcomeRewardLambda095() {
    // Same deltas (-0.1, 0.2, 0.2, 0.2). A_3 = 0.2; A_2 = 0.2 + 0.95 * 0.2 = 0.39;
    // A_1 = 0.2 + 0.95 * 0.39 = 0.5705; A_0 = -0.1 + 0.95 * 0.5705 = 0.441975.
    // R = A + V = 0.941975, 0.9705, 0.99, 1.0.
    assertGae(OUTCOME, 1, 0.95, new double[] {0.441975, 0.5705, 0.39, 0.2},
        new double[] {0.941975, 0.9705, 0.99, 1.0});
  }

  @Test
  void outcomeRewardDiscounted() {
    // gamma 0.99, lambda 0.9, gamma lambda = 0.891.
    // delta_3 = 1 - 0.8 = 0.2; delta_2 = 0.99 * 0.8 - 0.6 = 0.192;
    // delta_1 = 0.99 * 0.6 - 0.4 = 0.194; delta_0 = 0.99 * 0.4 - 0.5 = -0.104.
    // A_3 = 0.2; A_2 = 0.192 + 0.891 * 0.2 = 0.3702; A_1 = 0.194 + 0.891 * 0.3702 = 0.5238482;
    // A_0 = -0.104 + 0.891 * 0.5238482 = 0.3627487462.
    // R = 0.8627487462, 0.9238482, 0.9702, 1.0.
    assertGae(OUTCOME, 0.99, 0.9, new double[] {0.3627487462, 0.5238482, 0.3702, 0.2},
        new double[] {0.8627487462, 0.9238482, 0.9702, 1.0});
  }

  @Test
  void shapedRewardsMonteCarlo() {
    // delta_3 = 0.9 - 0.8 = 0.1; delta_2 = -0.2 + 0.8 - 0.6 = 0; delta_1 = 0.05 + 0.6 - 0.4 =
    // 0.25; delta_0 = -0.1 + 0.4 - 0.5 = -0.2. A_3 = 0.1, A_2 = 0.1, A_1 = 0.35, A_0 = 0.15.
    // R = sum of future rewards: 0.65, 0.75, 0.7, 0.9.
    assertGae(SHAPED, 1, 1, new double[] {0.15, 0.35, 0.1, 0.1},
        new double[] {0.65, 0.75, 0.7, 0.9});
  }

  @Test
  void shapedRewardsLambda095() {
    // Deltas (-0.2, 0.25, 0, 0.1). A_3 = 0.1; A_2 = 0 + 0.95 * 0.1 = 0.095;
    // A_1 = 0.25 + 0.95 * 0.095 = 0.34025; A_0 = -0.2 + 0.95 * 0.34025 = 0.1232375.
    // R = 0.6232375, 0.74025, 0.695, 0.9.
    assertGae(SHAPED, 1, 0.95, new double[] {0.1232375, 0.34025, 0.095, 0.1},
        new double[] {0.6232375, 0.74025, 0.695, 0.9});
  }

  @Test
  void shapedRewardsDiscounted() {
    // delta_3 = 0.9 - 0.8 = 0.1; delta_2 = -0.2 + 0.792 - 0.6 = -0.008;
    // delta_1 = 0.05 + 0.594 - 0.4 = 0.244; delta_0 = -0.1 + 0.396 - 0.5 = -0.204.
    // A_3 = 0.1; A_2 = -0.008 + 0.891 * 0.1 = 0.0811; A_1 = 0.244 + 0.891 * 0.0811 = 0.3162601;
    // A_0 = -0.204 + 0.891 * 0.3162601 = 0.0777877491.
    // R = 0.5777877491, 0.7162601, 0.6811, 0.9.
    assertGae(SHAPED, 0.99, 0.9, new double[] {0.0777877491, 0.3162601, 0.0811, 0.1},
        new double[] {0.5777877491, 0.7162601, 0.6811, 0.9});
  }

  @Test
  void gammaAndLambdaOneGiveTheFutureRewardsMinusTheValue() {
    float[] rewards = {0.3f, -0.7f, 0.25f, 0f, 2f};
    float[] values = {1f, -0.5f, 0.125f, 0.75f, 1.5f};
    // Future sums 1.85, 1.55, 2.25, 2, 2; minus V: 0.85, 2.05, 2.125, 1.25, 0.5.
    assertThat(Gae.advantages(rewards, values, 1, 1)).containsExactly(
        new float[] {0.85f, 2.05f, 2.125f, 1.25f, 0.5f}, within(1e-6f));
  }

  @Test
  void lambdaZeroGivesTheOneStepTdError() {
    // delta_t = r_t + 0.99 V_{t+1} - V_t: -0.104, 0.194, 0.192, 0.2 (see outcomeRewardDiscounted).
    assertThat(Gae.advantages(OUTCOME, VALUES, 0.99, 0)).containsExactly(
        new float[] {-0.104f, 0.194f, 0.192f, 0.2f}, within(1e-6f));
  }

  @Test
  void emptyResponse() {
    assertThat(Gae.advantages(new float[0], new float[0], 1, 0.95)).isEmpty();
    assertThat(Gae.returns(new float[0], new float[0])).isEmpty();
  }

  @Test
  void lengthMismatchNamesBothLengths() {
    assertThatThrownBy(() -> Gae.advantages(new float[4], new float[3], 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rewards has 4")
        .hasMessageContaining("values has 3");
    assertThatThrownBy(() -> Gae.returns(new float[2], new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("advantages has 2")
        .hasMessageContaining("values has 5");
  }

  @Test
  void gammaAndLambdaMustBeInTheUnitInterval() {
    assertThatThrownBy(() -> Gae.advantages(OUTCOME, VALUES, 1.5, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gamma")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> Gae.advantages(OUTCOME, VALUES, 1, -0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lambda")
        .hasMessageContaining("-0.1");
    assertThatThrownBy(() -> Gae.advantages(OUTCOME, VALUES, Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }
}
