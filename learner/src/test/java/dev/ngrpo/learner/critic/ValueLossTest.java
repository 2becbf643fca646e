package dev.ngrpo.learner.critic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValueLossTest {
  /**
   * c = 0.5. Six tokens, (2, 3):
   * a: V 0.3 inside [-0.4, 0.6] (V_old 0.1), R 1;
   * b: V 1.2 above [-0.3, 0.7] (V_old 0.2), towards R 2: the clipped branch is larger;
   * c: V 1.0 above [-0.3, 0.7] (V_old 0.2), away from R 0: the unclipped branch is larger;
   * d: V -1 below [-0.5, 0.5] (V_old 0), towards R -3: the clipped branch is larger;
   * e: V 1.5 above [-0.5, 0.5] (V_old 0), past R 0.8: the unclipped branch is larger;
   * f: V 0.5 exactly on the bound V_old + c (V_old 0), R 1: both branches equal.
   */
  private static final float[] V = {0.3f, 1.2f, 1.0f, -1.0f, 1.5f, 0.5f};
  private static final float[] V_OLD = {0.1f, 0.2f, 0.2f, 0f, 0f, 0f};
  private static final float[] R = {1.0f, 2.0f, 0.0f, -3.0f, 0.8f, 1.0f};
  private static final Shape SHAPE = new Shape(2, 3);

  private final ValueLoss valueLoss = new ValueLoss(0.5);
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private ValueLoss.Result compute(NDArray values) {
    return valueLoss.compute(values, manager.create(V_OLD, SHAPE), manager.create(R, SHAPE));
  }

  @Test
  void lossIsThePessimisticMaxOfBothBranches() {
    ValueLoss.Result out = compute(manager.create(V, SHAPE));
    // a: (0.3 - 1)^2 = 0.49, V_clipped = V.
    // b: V_clipped 0.7; (1.2 - 2)^2 = 0.64 < (0.7 - 2)^2 = 1.69 -> 1.69.
    // c: V_clipped 0.7; (1 - 0)^2 = 1 > (0.7 - 0)^2 = 0.49 -> 1.
    // d: V_clipped -0.5; (-1 + 3)^2 = 4 < (-0.5 + 3)^2 = 6.25 -> 6.25.
    // e: V_clipped 0.5; (1.5 - 0.8)^2 = 0.49 > (0.5 - 0.8)^2 = 0.09 -> 0.49.
    // f: V_clipped = V = 0.5; (0.5 - 1)^2 = 0.25 both.
    assertThat(out.loss().getShape()).isEqualTo(SHAPE);
    assertThat(out.loss().getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(out.loss().toFloatArray()).containsExactly(
        new float[] {0.49f, 1.69f, 1.0f, 6.25f, 0.49f, 0.25f}, within(2e-6f));
    // Strictly larger clipped branch only at b and d; the tie at f is not clipped.
    assertThat(out.clipped().getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(out.clipped().toFloatArray()).containsExactly(0f, 1f, 0f, 1f, 0f, 0f);
  }

  @Test
  void gradientIsZeroExactlyWhereTheClippedBranchWins() {
    NDArray values = manager.create(V, SHAPE);
    values.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(compute(values).loss().sum());
    }
    // 2 (V - R) where unclipped: a 2 (0.3 - 1) = -1.4, c 2 (1 - 0) = 2, e 2 (1.5 - 0.8) = 1.4,
    // f 2 (0.5 - 1) = -1 (the whole gradient on the bound, not half of it);
    // 0 at b and d: V_clipped is a constant there.
    try (NDArray grad = values.getGradient()) {
      assertThat(grad.toFloatArray()).containsExactly(
          new float[] {-1.4f, 0f, 2.0f, 0f, 1.4f, -1.0f}, within(2e-6f));
    }
  }

  @Test
  void leavesOnlyItsTwoResultsInTheManager() {
    NDArray values = manager.create(V, SHAPE);
    NDArray old = manager.create(V_OLD, SHAPE);
    NDArray returns = manager.create(R, SHAPE);
    int before = manager.getManagedArrays().size();
    valueLoss.compute(values, old, returns);
    assertThat(manager.getManagedArrays()).hasSize(before + 2);
  }

  @Test
  void shapesMustMatch() {
    NDArray values = manager.zeros(SHAPE);
    assertThatThrownBy(() -> valueLoss.compute(values, manager.zeros(new Shape(2, 1)), values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(2, 3)")
        .hasMessageContaining("(2, 1)");
  }

  @Test
  void clipRangeMustBePositive() {
    assertThat(valueLoss.clipRange()).isEqualTo(0.5);
    assertThatThrownBy(() -> new ValueLoss(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0");
    assertThatThrownBy(() -> new ValueLoss(-0.2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.2");
    assertThatThrownBy(() -> new ValueLoss(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }
}
