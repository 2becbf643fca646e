package dev.ngrpo.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClippedSurrogateLossTest {
  /** Ratios on both sides of every preset's bounds (0.8/0.84 below, 1.2/1.24/1.28 above). */
  private static final float[] RATIOS = {0.75f, 0.82f, 0.95f, 1.22f, 1.26f, 1.3f};

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Row 0 has A = +1, row 1 has A = -1; logp_old = -1, logp = -1 + ln(rho). */
  private TokenLoss twoRows(PolicyLoss loss) {
    float[] logp = new float[2 * RATIOS.length];
    for (int i = 0; i < logp.length; i++) {
      logp[i] = (float) (-1 + Math.log(RATIOS[i % RATIOS.length]));
    }
    NDArray logProbs = manager.create(logp, new Shape(2, RATIOS.length));
    NDArray old = manager.full(new Shape(2, RATIOS.length), -1f);
    NDArray advantages = manager.create(new float[] {1, -1}, new Shape(2, 1));
    return loss.compute(logProbs, old, advantages);
  }

  private static void assertRows(NDArray a, float[] positive, float[] negative) {
    assertThat(a.getShape()).isEqualTo(new Shape(2, RATIOS.length));
    float[] v = a.toFloatArray();
    for (int i = 0; i < RATIOS.length; i++) {
      assertThat(v[i]).as("A=+1, rho=%s", RATIOS[i]).isCloseTo(positive[i], within(2e-6f));
      assertThat(v[i + RATIOS.length]).as("A=-1, rho=%s", RATIOS[i])
          .isCloseTo(negative[i], within(2e-6f));
    }
  }

  @Test
  void ngrpoAsymmetricBounds() {
    TokenLoss out = twoRows(new ClippedSurrogateLoss(new ClipBounds(0.16, 0.24, 0)));
    // A = +1: loss = -min(rho, clip(rho, 0.84, 1.24)); only the upper bound binds (1.26, 1.3).
    // A = -1: loss = max(rho, clip(rho, 0.84, 1.24)); only the lower bound binds (0.75, 0.82).
    assertRows(out.loss(),
        new float[] {-0.75f, -0.82f, -0.95f, -1.22f, -1.24f, -1.24f},
        new float[] {0.84f, 0.84f, 0.95f, 1.22f, 1.26f, 1.3f});
    assertRows(out.clippedPositive(), new float[] {0, 0, 0, 0, 1, 1}, new float[6]);
    assertRows(out.clippedNegative(), new float[6], new float[] {1, 1, 0, 0, 0, 0});
  }

  @Test
  void grpoSymmetricBounds() {
    TokenLoss out = twoRows(new ClippedSurrogateLoss(ClipBounds.symmetric(0.2)));
    // Range [0.8, 1.2]: A = +1 capped at -1.2 above 1.2; A = -1 floored at 0.8 below 0.8.
    assertRows(out.loss(),
        new float[] {-0.75f, -0.82f, -0.95f, -1.2f, -1.2f, -1.2f},
        new float[] {0.8f, 0.82f, 0.95f, 1.22f, 1.26f, 1.3f});
    assertRows(out.clippedPositive(), new float[] {0, 0, 0, 1, 1, 1}, new float[6]);
    assertRows(out.clippedNegative(), new float[6], new float[] {1, 0, 0, 0, 0, 0});
  }

  @Test
  void dapoClipHigher() {
    TokenLoss out = twoRows(new ClippedSurrogateLoss(new ClipBounds(0.2, 0.28, 0)));
    // Range [0.8, 1.28]: only rho 1.3 is clipped for A = +1, only 0.75 for A = -1.
    assertRows(out.loss(),
        new float[] {-0.75f, -0.82f, -0.95f, -1.22f, -1.26f, -1.28f},
        new float[] {0.8f, 0.82f, 0.95f, 1.22f, 1.26f, 1.3f});
    assertRows(out.clippedPositive(), new float[] {0, 0, 0, 0, 0, 1}, new float[6]);
    assertRows(out.clippedNegative(), new float[6], new float[] {1, 0, 0, 0, 0, 0});
  }

  @Test
  void equalBoundsMatchTheTextbookSymmetricPpoLoss() {
    int n = 64;
    Random random = new Random(7);
    float[] logp = new float[n];
    float[] old = new float[n];
    float[] adv = new float[n];
    for (int i = 0; i < n; i++) {
      old[i] = -random.nextFloat() * 3;
      logp[i] = old[i] + (random.nextFloat() - 0.5f);
      adv[i] = (random.nextFloat() - 0.5f) * 4;
    }
    PolicyLoss loss = new ClippedSurrogateLoss(new ClipBounds(0.2, 0.2, 0));
    float[] got = loss.compute(manager.create(logp, new Shape(8, 8)),
        manager.create(old, new Shape(8, 8)), manager.create(adv, new Shape(8, 8)))
        .loss().toFloatArray();
    for (int i = 0; i < n; i++) {
      double rho = Math.exp((double) logp[i] - old[i]);
      double expected = -Math.min(rho * adv[i], Math.max(0.8, Math.min(1.2, rho)) * adv[i]);
      assertThat((double) got[i]).isCloseTo(expected, within(1e-5));
    }
  }

  @Test
  void dualClipCapsNegativeAdvantageLossAtMinusCTimesA() {
    float[] ratios = {0.5f, 1.3f, 2.5f, 5f};
    float[] logp = new float[8];
    for (int i = 0; i < 8; i++) {
      logp[i] = (float) Math.log(ratios[i % 4]);
    }
    NDArray logProbs = manager.create(logp, new Shape(2, 4));
    NDArray old = manager.zeros(new Shape(2, 4));
    NDArray advantages = manager.create(new float[] {-1, 2}, new Shape(2, 1));
    float[] off = new ClippedSurrogateLoss(new ClipBounds(0.16, 0.24, 0))
        .compute(logProbs, old, advantages).loss().toFloatArray();
    float[] on = new ClippedSurrogateLoss(new ClipBounds(0.16, 0.24, 3))
        .compute(logProbs, old, advantages).loss().toFloatArray();
    // A = -1: max(rho, clip(rho)) = 0.84, 1.3, 2.5, 5; dual-clip caps at -c * A = 3.
    assertThat(off).containsExactly(new float[] {0.84f, 1.3f, 2.5f, 5f, -1f, -2.48f, -2.48f,
        -2.48f}, within(2e-6f));
    // A = +2: -min(2 rho, 2 clip(rho)) = -1, -2.48, -2.48, -2.48, untouched by dual-clip.
    assertThat(on).containsExactly(new float[] {0.84f, 1.3f, 2.5f, 3f, -1f, -2.48f, -2.48f,
        -2.48f}, within(2e-6f));
  }

  @Test
  void dualClippedTokensGetNoGradient() {
    float[] ratios = {0.5f, 1.3f, 2.5f, 5f};
    float[] logp = new float[4];
    for (int i = 0; i < 4; i++) {
      logp[i] = (float) Math.log(ratios[i]);
    }
    NDArray logProbs = manager.create(logp, new Shape(1, 4));
    logProbs.setRequiresGradient(true);
    NDArray advantages = manager.create(new float[] {-1}, new Shape(1, 1));
    PolicyLoss loss = new ClippedSurrogateLoss(new ClipBounds(0.16, 0.24, 3));
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(
          loss.compute(logProbs, manager.zeros(new Shape(1, 4)), advantages).loss().sum());
    }
    // A = -1: 0.5 is lower-clipped (0), 1.3 and 2.5 pass (-A rho = rho), 5 is dual-clipped (0).
    try (NDArray grad = logProbs.getGradient()) {
      assertThat(grad.toFloatArray())
          .containsExactly(new float[] {0f, 1.3f, 2.5f, 0f}, within(2e-6f));
    }
  }

  @Test
  void gradientFlowsOnlyThroughUnclippedTokens() {
    float[] logp = new float[2 * RATIOS.length];
    for (int i = 0; i < logp.length; i++) {
      logp[i] = (float) Math.log(RATIOS[i % RATIOS.length]);
    }
    NDArray logProbs = manager.create(logp, new Shape(2, RATIOS.length));
    logProbs.setRequiresGradient(true);
    NDArray old = manager.zeros(new Shape(2, RATIOS.length));
    NDArray advantages = manager.create(new float[] {1, -1}, new Shape(2, 1));
    PolicyLoss loss = new ClippedSurrogateLoss(new ClipBounds(0.16, 0.24, 0));
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(loss.compute(logProbs, old, advantages).loss().sum());
    }
    // d(-rho A)/d logp = -rho A where unclipped, 0 where a bound binds.
    try (NDArray grad = logProbs.getGradient()) {
      assertRows(grad,
          new float[] {-0.75f, -0.82f, -0.95f, -1.22f, 0, 0},
          new float[] {0, 0, 0.95f, 1.22f, 1.26f, 1.3f});
    }
  }

  @Test
  void noClipIsThePlainImportanceWeightedGradient() {
    TokenLoss out = twoRows(new ImportanceWeightedLoss());
    float[] minus = new float[RATIOS.length];
    for (int i = 0; i < minus.length; i++) {
      minus[i] = -RATIOS[i];
    }
    assertRows(out.loss(), minus, RATIOS); // -rho * A
    assertRows(out.clippedPositive(), new float[6], new float[6]);
    assertRows(out.clippedNegative(), new float[6], new float[6]);
  }

  @Test
  void leavesOnlyItsThreeResultsInTheManager() {
    NDArray logProbs = manager.zeros(new Shape(2, 3));
    NDArray old = manager.zeros(new Shape(2, 3));
    NDArray advantages = manager.ones(new Shape(2, 1));
    int before = manager.getManagedArrays().size();
    new ClippedSurrogateLoss(new ClipBounds(0.16, 0.24, 3)).compute(logProbs, old, advantages);
    assertThat(manager.getManagedArrays()).hasSize(before + 3);
  }

  @Test
  void registry() {
    assertThat(PolicyLosses.names()).containsExactly("clipped-surrogate", "no-clip");
    assertThat(PolicyLosses.create("clipped-surrogate", ClipBounds.symmetric(0.2)))
        .isInstanceOf(ClippedSurrogateLoss.class);
    assertThat(PolicyLosses.create("no-clip", ClipBounds.symmetric(0.2)))
        .isInstanceOf(ImportanceWeightedLoss.class);
    assertThatThrownBy(() -> PolicyLosses.create("ppo", ClipBounds.symmetric(0.2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ppo'")
        .hasMessageContaining("known: clipped-surrogate, no-clip");
  }

  @Test
  void boundsAreChecked() {
    assertThatThrownBy(() -> new ClipBounds(1.0, 0.2, 0)).hasMessageContaining("1.0");
    assertThatThrownBy(() -> new ClipBounds(0.2, -0.1, 0)).hasMessageContaining("-0.1");
    assertThatThrownBy(() -> new ClipBounds(0.2, 0.2, 0.5)).hasMessageContaining("0.5");
  }
}
