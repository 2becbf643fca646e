package dev.ngrpo.learner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LossAggregationsTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /**
   * Two sequences: (1, 2, 3 | 4 masked) and (5, 6 | 7, 8 masked), plus {@code padding} rows of
   * 9s with no response token.
   */
  private float aggregate(String name, int maxLength, int padding) {
    int rows = 2 + padding;
    float[] losses = new float[rows * 4];
    float[] mask = new float[rows * 4];
    float[] seqLosses = {1, 2, 3, 4, 5, 6, 7, 8};
    float[] seqMask = {1, 1, 1, 0, 1, 1, 0, 0};
    System.arraycopy(seqLosses, 0, losses, 0, 8);
    System.arraycopy(seqMask, 0, mask, 0, 8);
    for (int i = 8; i < losses.length; i++) {
      losses[i] = 9;
    }
    NDArray result = LossAggregations.create(name, maxLength).aggregate(
        manager.create(losses, new Shape(rows, 4)), manager.create(mask, new Shape(rows, 4)));
    assertThat(result.getShape()).isEqualTo(new Shape());
    return result.getFloat();
  }

  @Test
  void tokenMean() {
    // (1 + 2 + 3 + 5 + 6) / 5 tokens = 17 / 5.
    assertThat(aggregate("token-mean", 4, 0)).isCloseTo(3.4f, within(1e-6f));
  }

  @Test
  void sequenceMeanTokenMean() {
    // (6 / 3 + 11 / 2) / 2 sequences = (2 + 5.5) / 2.
    assertThat(aggregate("seq-mean-token-mean", 4, 0)).isCloseTo(3.75f, within(1e-6f));
  }

  @Test
  void sequenceMeanTokenSum() {
    // (6 + 11) / 2 sequences.
    assertThat(aggregate("seq-mean-token-sum", 4, 0)).isCloseTo(8.5f, within(1e-6f));
  }

  @Test
  void tokenSumOverMaxLength() {
    // 17 / L_max: 17 / 4 and 17 / 10.
    assertThat(aggregate("seq-mean-token-sum-norm", 4, 0)).isCloseTo(4.25f, within(1e-6f));
    assertThat(aggregate("seq-mean-token-sum-norm", 10, 0)).isCloseTo(1.7f, within(1e-6f));
  }

  @Test
  void paddingRowsChangeNothing() {
    assertThat(aggregate("token-mean", 4, 2)).isCloseTo(3.4f, within(1e-6f));
    assertThat(aggregate("seq-mean-token-mean", 4, 2)).isCloseTo(3.75f, within(1e-6f));
    assertThat(aggregate("seq-mean-token-sum", 4, 2)).isCloseTo(8.5f, within(1e-6f));
    assertThat(aggregate("seq-mean-token-sum-norm", 4, 2)).isCloseTo(4.25f, within(1e-6f));
  }

  @Test
  void emptyMaskGivesZeroNotNaN() {
    NDArray losses = manager.ones(new Shape(2, 3));
    NDArray mask = manager.zeros(new Shape(2, 3));
    for (String name : LossAggregations.names()) {
      assertThat(LossAggregations.create(name, 3).aggregate(losses, mask).getFloat())
          .as(name).isZero();
    }
  }

  @Test
  void tokenMeanGradientIsTheMaskOverTheTokenCount() {
    NDArray losses = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(2, 4));
    losses.setRequiresGradient(true);
    NDArray mask = manager.create(new float[] {1, 1, 1, 0, 1, 1, 0, 0}, new Shape(2, 4));
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(LossAggregations.create("token-mean", 4).aggregate(losses, mask));
    }
    // d(sum(mask * loss) / 5) / d loss = mask / 5.
    try (NDArray grad = losses.getGradient()) {
      assertThat(grad.toFloatArray()).containsExactly(
          new float[] {0.2f, 0.2f, 0.2f, 0, 0.2f, 0.2f, 0, 0}, within(1e-7f));
    }
  }

  @Test
  void registry() {
    assertThat(LossAggregations.names()).containsExactly("token-mean", "seq-mean-token-mean",
        "seq-mean-token-sum", "seq-mean-token-sum-norm");
    assertThat(LossAggregations.create("seq-mean-token-sum-norm", 8))
        .isInstanceOf(TokenSumNormalized.class);
    assertThatThrownBy(() -> LossAggregations.create("mean", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'mean'")
        .hasMessageContaining("seq-mean-token-sum-norm");
    assertThatThrownBy(() -> LossAggregations.create("seq-mean-token-sum-norm", 0))
        .hasMessageContaining("got 0");
  }
}
