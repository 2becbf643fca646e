package dev.ngrpo.learner.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdamWTest {
  private static final double LR = 0.1;
  private static final float[] W0 = {1.0f, -2.0f, 0.5f};
  private static final float[] G1 = {0.5f, -0.25f, 0.0f};
  private static final float[] G2 = {-0.5f, -0.25f, 1.0f};

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private NDArray array(float... values) {
    return manager.create(values, new Shape(values.length));
  }

  private static AdamW paperAdamW() {
    return new AdamW(0.9, 0.999, 1e-8, 0.01);
  }

  @Test
  void firstStepMovesEachWeightBySignOfGradientPlusDecay() {
    NDArray w = array(W0);
    try (AdamW adam = paperAdamW()) {
      adam.step(List.of(w), List.of(array(G1)), LR);
      // t = 1: m = 0.1 g, v = 0.001 g^2, so m / (1 - 0.9) = g and sqrt(v / (1 - 0.999)) = |g|;
      // w1 = w0 (1 - lr wd) - lr g / (|g| + eps) = w0 * 0.999 - 0.1 * sign(g) (0 where g = 0):
      // 1 * 0.999 - 0.1 = 0.899; -2 * 0.999 + 0.1 = -1.898; 0.5 * 0.999 - 0 = 0.4995.
      assertThat(w.toFloatArray())
          .containsExactly(new float[] {0.899f, -1.898f, 0.4995f}, within(1e-6f));
      assertThat(adam.stepCount()).isEqualTo(1);
    }
  }

  @Test
  void secondStepByHand() {
    NDArray w = array(W0);
    try (AdamW adam = paperAdamW()) {
      adam.step(List.of(w), List.of(array(G1)), LR);
      adam.step(List.of(w), List.of(array(G2)), LR);
      // m2 = 0.9 m1 + 0.1 g2 = (0.045 - 0.05, -0.0225 - 0.025, 0 + 0.1) = (-0.005, -0.0475, 0.1)
      // v2 = 0.999 v1 + 0.001 g2^2 = (0.00049975, 0.0001249375, 0.001)
      // bc1 = 1 - 0.81 = 0.19, bc2 = 1 - 0.998001 = 0.001999:
      // sqrt(v2 / bc2) = (0.5, 0.25, 0.707284); m2 / bc1 = (-0.026316, -0.25, 0.526316)
      // w2 = w1 * 0.999 - 0.1 * (m2 / bc1) / (sqrt(v2 / bc2) + 1e-8)
      //    = (0.898101 + 0.005263, -1.896102 + 0.1, 0.499001 - 0.074414)
      //    = (0.903364, -1.796102, 0.424587)
      assertThat(w.toFloatArray())
          .containsExactly(new float[] {0.903364f, -1.796102f, 0.424587f}, within(2e-6f));
      AdamWState state = adam.exportState();
      assertThat(state.step()).isEqualTo(2);
      assertThat(state.firstMoments()[0])
          .containsExactly(new float[] {-0.005f, -0.0475f, 0.1f}, within(1e-8f));
      assertThat(state.secondMoments()[0])
          .containsExactly(new float[] {0.00049975f, 0.0001249375f, 0.001f}, within(1e-10f));
      // one moment at a time, as checkpoints stream them: the same values to the bit
      assertThat(adam.moment(0, false)).isEqualTo(state.firstMoments()[0]);
      assertThat(adam.moment(0, true)).isEqualTo(state.secondMoments()[0]);
    }
  }

  @Test
  void exportedStateResumesBitForBit() {
    NDArray a = array(W0);
    NDArray b;
    AdamWState saved;
    try (AdamW original = paperAdamW()) {
      original.step(List.of(a), List.of(array(G1)), LR);
      original.step(List.of(a), List.of(array(G2)), LR);
      saved = original.exportState();
      b = array(a.toFloatArray());
      original.step(List.of(a), List.of(array(G1)), LR);
    }
    try (AdamW resumed = paperAdamW()) {
      resumed.importState(saved, List.of(b));
      assertThat(resumed.exportState()).isEqualTo(saved);
      resumed.step(List.of(b), List.of(array(G1)), LR);
      assertThat(resumed.stepCount()).isEqualTo(3);
    }
    assertThat(b.toFloatArray()).isEqualTo(a.toFloatArray());
  }

  @Test
  void initialStateRoundTrips() {
    try (AdamW adam = paperAdamW()) {
      assertThat(adam.exportState()).isEqualTo(AdamWState.initial());
      assertThatThrownBy(() -> adam.moment(0, false)).hasMessageContaining("before the first");
      adam.importState(AdamWState.initial(), List.of(array(W0)));
      assertThat(adam.stepCount()).isZero();
    }
  }

  @Test
  void momentsLiveInTheOptimizersOwnManager() {
    NDArray w = array(W0);
    int before = manager.getManagedArrays().size();
    try (AdamW adam = paperAdamW()) {
      adam.step(List.of(w), List.of(array(G1)), LR);
      // Only the gradient created above is new in the caller's manager: no intermediates, no m/v.
      assertThat(manager.getManagedArrays()).hasSize(before + 1);
    }
  }

  @Test
  void hostPassIsBitIdenticalToTensorOperationsAndLeavesNoArraysBehind() {
    // 15 weights viewed in segments of 8 and 7, square roots in slices of 4, 4 | 4, 3; gradients
    // over nine orders of magnitude, with 0, -0 and a subnormal whose square underflows to 0
    float[] w0 = new float[15];
    float[][] grads = new float[4][15];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < w0.length; i++) {
      w0[i] = (float) random.nextGaussian();
      for (float[] g : grads) {
        g[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-6, 3)));
      }
    }
    grads[0][3] = 0f;
    grads[1][3] = -0f;
    grads[2][9] = Float.MIN_VALUE;
    NDArray byTensors = manager.create(w0, new Shape(3, 5));
    NDArray onHost = manager.create(w0, new Shape(3, 5));
    try (AdamW a = new AdamW(0.9, 0.999, 1e-8, 0.01, 4, 8, false);
        AdamW b = new AdamW(0.9, 0.999, 1e-8, 0.01, 4, 8, true)) {
      for (int s = 0; s < grads.length; s++) {
        double lr = LR / (s + 1);
        a.step(List.of(byTensors), List.of(manager.create(grads[s], new Shape(3, 5))), lr);
        int before = manager.getManagedArrays().size();
        b.step(List.of(onHost), List.of(manager.create(grads[s], new Shape(3, 5))), lr);
        // the gradient is the only new array: views, slices and square roots are freed
        assertThat(manager.getManagedArrays()).hasSize(before + 1);
      }
      assertThat(bits(onHost.toFloatArray())).containsExactly(bits(byTensors.toFloatArray()));
      assertThat(bits(onHost.toFloatArray())).isNotEqualTo(bits(w0));
      for (boolean second : new boolean[] {false, true}) {
        assertThat(bits(b.moment(0, second))).containsExactly(bits(a.moment(0, second)));
      }
    }
    assertThatThrownBy(() -> new AdamW(0.9, 0.999, 1e-8, 0, 0, 8, true))
        .hasMessageContaining("chunk");
    assertThatThrownBy(() -> new AdamW(0.9, 0.999, 1e-8, 0, 3, 8, true))
        .hasMessageContaining("3 and 8");
  }

  @Test
  void hostPassAtTheDefaultSlicesMatchesTensorOperationsOnManyValues() {
    // 9,000,000 weights: two whole slices of 2^22 and a partial one; libtorch's square root is
    // one ulp off the correctly rounded one on many of these, which the host pass must keep
    int n = 9_000_000;
    float[] w0 = new float[n];
    float[] g = new float[n];
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < n; i++) {
      w0[i] = (float) (random.nextGaussian() * 0.02);
      g[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-8, 1)));
    }
    NDArray byTensors = manager.create(w0, new Shape(n));
    NDArray onHost = manager.create(w0, new Shape(n));
    try (AdamW a = new AdamW(0.9, 0.999, 1e-8, 0.01, AdamW.CPU_CHUNK_ELEMENTS,
            AdamWHostPass.SEGMENT_ELEMENTS, false);
        AdamW b = paperAdamW()) {
      for (int s = 0; s < 3; s++) {
        a.step(List.of(byTensors), List.of(manager.create(g, new Shape(n))), 1e-4);
        b.step(List.of(onHost), List.of(manager.create(g, new Shape(n))), 1e-4);
      }
      assertThat(bits(onHost.toFloatArray())).isEqualTo(bits(byTensors.toFloatArray()));
      assertThat(bits(b.moment(0, true))).isEqualTo(bits(a.moment(0, true)));
    }
  }

  private static int[] bits(float[] values) {
    int[] b = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = Float.floatToRawIntBits(values[i]);
    }
    return b;
  }

  @Test
  void rejectsMismatches() {
    try (AdamW adam = paperAdamW()) {
      assertThatThrownBy(() -> adam.step(List.of(array(W0)), List.of(array(1, 2)), LR))
          .hasMessageContaining("(3)").hasMessageContaining("(2)");
      adam.step(List.of(array(W0)), List.of(array(G1)), LR);
      assertThatThrownBy(() -> adam.step(List.of(array(1, 2)), List.of(array(1, 2)), LR))
          .hasMessageContaining("optimizer state has shape (3)");
      AdamWState state = adam.exportState();
      assertThatThrownBy(() -> adam.importState(state, List.of(array(1, 2))))
          .hasMessageContaining("3 values").hasMessageContaining("has 2");
    }
    assertThatThrownBy(() -> new AdamW(1.0, 0.999, 1e-8, 0)).hasMessageContaining("beta1");
    assertThatThrownBy(() -> new AdamW(0.9, 0.999, 0, 0)).hasMessageContaining("eps");
  }
}
