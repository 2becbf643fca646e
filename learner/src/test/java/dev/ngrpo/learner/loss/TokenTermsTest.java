package dev.ngrpo.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KL estimators, the KL penalty, token entropy and the entropy bonus. */
class TokenTermsTest {
  private NDManager manager;
  private NDArray logProbs;
  private NDArray refLogProbs;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    logProbs = manager.create(new float[] {-1.0f, -2.0f, -0.5f, -13f}, new Shape(1, 4));
    refLogProbs = manager.create(new float[] {-1.5f, -1.0f, -0.5f, -1f}, new Shape(1, 4));
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private float[] kl(KlEstimator estimator) {
    return estimator.perToken(logProbs, refLogProbs).toFloatArray();
  }

  @Test
  void k1IsTheLogRatio() {
    // logp - logp_ref: 0.5, -1, 0, -12 (exact in float).
    assertThat(kl(KlEstimator.K1)).containsExactly(0.5f, -1f, 0f, -12f);
  }

  @Test
  void k2IsHalfTheSquaredLogRatio() {
    // 0.5 * (0.25, 1, 0, 144) (exact in float).
    assertThat(kl(KlEstimator.K2)).containsExactly(0.125f, 0.5f, 0f, 72f);
  }

  @Test
  void k3IsClampedAtTen() {
    // x = ref - logp = -0.5, 1, 0, 12: exp(-0.5) + 0.5 - 1 = 0.106531; e - 2 = 0.718282; 0;
    // exp(12) - 13 = 162741.8, clamped to 10.
    assertThat(kl(KlEstimator.K3))
        .containsExactly(new float[] {0.106531f, 0.718282f, 0f, 10f}, within(1e-6f));
  }

  @Test
  void klPenaltyAddsTheScaledEstimate() {
    NDArray loss = manager.ones(new Shape(1, 4));
    float[] got = new KlPenalty(KlEstimator.K3, 0.001)
        .addTo(loss, logProbs, refLogProbs).toFloatArray();
    // 1 + 0.001 * k3.
    assertThat(got)
        .containsExactly(new float[] {1.000107f, 1.000718f, 1f, 1.01f}, within(1e-6f));
  }

  @Test
  void entropyBonusSubtractsTheScaledEntropy() {
    NDArray loss = manager.create(new float[] {1f, -2f}, new Shape(1, 2));
    NDArray entropy = manager.create(new float[] {0.5f, 2f}, new Shape(1, 2));
    // 1 - 0.001 * 0.5 = 0.9995; -2 - 0.001 * 2 = -2.002.
    assertThat(new EntropyBonus(0.001).subtractFrom(loss, entropy).toFloatArray())
        .containsExactly(new float[] {0.9995f, -2.002f}, within(1e-6f));
  }

  @Test
  void registryAndChecks() {
    // each estimator is named by its lower-case constant
    assertThat(KlEstimator.registry().names()).containsExactly("k1", "k2", "k3");
    assertThat(KlEstimator.named("k2")).isEqualTo(KlEstimator.K2);
    assertThatThrownBy(() -> KlEstimator.named("k4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown KL estimator 'k4'; known: k1, k2, k3");
    assertThatThrownBy(() -> new EntropyBonus(-1)).hasMessageContaining("-1.0");
    assertThatThrownBy(() -> new KlPenalty(KlEstimator.K3, Double.NaN))
        .hasMessageContaining("NaN");
  }
}
