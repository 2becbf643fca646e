package dev.ngrpo.lab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's measured matrix-multiply peak: the best of several {@code n x n} F32 matmuls
 * on the engine's default device and threads, counted as {@code 2 n^3} floating-point
 * operations each. The ceiling that generation and training figures are compared with.
 */
public final class MatmulPeak {
  private MatmulPeak() {}

  /**
   * @param n matrix side
   * @param repeats timed products; the fastest counts
   * @return GFLOP/s of the fastest product
   */
  public static double gflops(int n, int repeats) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.randomUniform(-1f, 1f, new Shape(n, n));
      NDArray b = manager.randomUniform(-1f, 1f, new Shape(n, n));
      a.matMul(b).close();
      double best = Double.MAX_VALUE;
      for (int i = 0; i < repeats; i++) {
        long t0 = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          // reading one element waits for the product on any device
          c.get(0, 0).toFloatArray();
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      return 2.0 * n * n * n / best / 1e9;
    }
  }
}
