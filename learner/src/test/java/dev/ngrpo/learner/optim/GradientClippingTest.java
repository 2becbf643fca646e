package dev.ngrpo.learner.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void scalesToMaxNormAndReturnsThePreClipNorm() {
    NDArray a = manager.create(new float[] {3, 0}, new Shape(2));
    NDArray b = manager.create(new float[] {4}, new Shape(1, 1));
    // norm = sqrt(9 + 0 + 16) = 5; coef = 1 / (5 + 1e-6); (3, 4) -> (0.6, 0.8) less 1.2e-7.
    double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
    assertThat(norm).isEqualTo(5.0);
    assertThat(a.toFloatArray()).containsExactly(new float[] {0.6f, 0f}, within(2e-7f));
    assertThat(b.toFloatArray()).containsExactly(new float[] {0.8f}, within(2e-7f));
    assertThat(GradientClipping.globalNorm(List.of(a, b))).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void theNormOfAMatrixIsTheNormOfAllItsElements() {
    NDArray m = manager.create(new float[] {1, 2, 2, 4}, new Shape(2, 2));
    NDArray v = manager.create(new float[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        new Shape(2, 3, 2));
    // sqrt(1 + 4 + 4 + 16 + 4) = sqrt(29)
    assertThat(GradientClipping.globalNorm(List.of(m, v))).isCloseTo(Math.sqrt(29), within(1e-6));
  }

  @Test
  void leavesSmallGradientsAlone() {
    NDArray a = manager.create(new float[] {3, 4}, new Shape(2));
    // norm 5 <= 10: coef 10 / 5 >= 1, nothing scaled.
    assertThat(GradientClipping.clipGlobalNorm(List.of(a), 10.0)).isEqualTo(5.0);
    assertThat(a.toFloatArray()).containsExactly(3f, 4f);
  }

  @Test
  void reportsNonFiniteNormWithoutClipping() {
    NDArray a = manager.create(new float[] {3, Float.NaN}, new Shape(2));
    NDArray b = manager.create(new float[] {100}, new Shape(1));
    assertThat(GradientClipping.clipGlobalNorm(List.of(a, b), 1.0)).isNaN();
    assertThat(b.toFloatArray()).containsExactly(100f);
    NDArray c = manager.create(new float[] {Float.POSITIVE_INFINITY}, new Shape(1));
    assertThat(GradientClipping.clipGlobalNorm(List.of(c, b), 1.0)).isInfinite();
    assertThat(b.toFloatArray()).containsExactly(100f);
  }

  @Test
  void rejectsBadMaxNorm() {
    NDArray a = manager.create(new float[] {1}, new Shape(1));
    assertThatThrownBy(() -> GradientClipping.clipGlobalNorm(List.of(a), 0))
        .hasMessageContaining("grad-clip").hasMessageContaining("0.0");
  }
}
