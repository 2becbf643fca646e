package dev.ngrpo.learner.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.nio.FloatBuffer;

/**
 * {@link AdamW}'s update of one CPU parameter, written on the tensors' memory in two passes of
 * Java loops instead of thirteen libtorch operations. Each of those operations read and wrote
 * whole slices and cost a dispatch into libtorch and its thread pool; here each element of p,
 * g, m and v is read once and p, m and v written once, with one libtorch square root per slice
 * between the passes:
 *
 * <pre>
 *   pass 1:  m = m * b1 + g * (1 - b1);   v = v * b2 + (g * g) * (1 - b2)
 *   libtorch: s = sqrt(v)                                  (one slice at a time)
 *   pass 2:  p = p * (1 - lr * wd) - (m / (s / sqrt(1 - b2^t) + eps)) * (lr / (1 - b1^t))
 * </pre>
 *
 * <p>The result is the tensor-op update's to the bit: every float operation is the one a
 * libtorch kernel performs, in the same order, and Java's float arithmetic is IEEE binary32
 * without fused multiply-adds, as libtorch's CPU kernels for these operations are; each double
 * factor is rounded to float once, as libtorch rounds a double scalar applied to a float32
 * tensor. The square root is the exception that stays in libtorch: its float {@code sqrt} is
 * not always the correctly rounded one Java computes (one ulp apart on a sizable share of
 * values), while it gives the same result for an element wherever the element sits in a slice.
 * {@code AdamWTest} holds the two updates to the same bits.
 *
 * <p>The tensors must be contiguous float32 on the CPU, as {@link dev.ngrpo.core.model.PolicyModel}'s
 * parameters and AdamW's moments are: a direct view of a non-contiguous tensor would be a copy,
 * and the writes would be lost.
 */
final class AdamWHostPass {
  /**
   * Elements per direct view: a {@code ByteBuffer} holds at most 2^31 - 1 bytes, so a larger
   * parameter (a 7B model's embedding) is viewed in segments of 1 GiB.
   */
  static final long SEGMENT_ELEMENTS = 1L << 28;

  private final float decay;
  private final float beta1;
  private final float oneMinusBeta1;
  private final float beta2;
  private final float oneMinusBeta2;
  private final float sqrtBiasCorrection2;
  private final float epsilon;
  private final float stepSize;
  private final long chunk;
  private final long segment;

  /**
   * @param decay {@code 1 - lr * wd}
   * @param sqrtBiasCorrection2 {@code sqrt(1 - beta2^t)}
   * @param stepSize {@code lr / (1 - beta1^t)}
   * @param chunk elements per square-root slice; the passes run slice by slice, so the square
   *     roots never take more memory than one slice
   * @param segment elements per direct view, a multiple of {@code chunk} (checked by AdamW)
   */
  AdamWHostPass(double decay, double beta1, double beta2, double sqrtBiasCorrection2,
      double epsilon, double stepSize, long chunk, long segment) {
    this.decay = (float) decay;
    this.beta1 = (float) beta1;
    this.oneMinusBeta1 = (float) (1 - beta1);
    this.beta2 = (float) beta2;
    this.oneMinusBeta2 = (float) (1 - beta2);
    this.sqrtBiasCorrection2 = (float) sqrtBiasCorrection2;
    this.epsilon = (float) epsilon;
    this.stepSize = (float) stepSize;
    this.chunk = chunk;
    this.segment = segment;
  }

  /** Updates {@code p}, {@code m} and {@code v} in place from {@code g}, which is only read. */
  void update(NDArray p, NDArray g, NDArray m, NDArray v) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray pf = p.reshape(-1);
      NDArray gf = g.reshape(-1);
      NDArray mf = m.reshape(-1);
      NDArray vf = v.reshape(-1);
      long size = pf.size();
      for (long from = 0; from < size; from += segment) {
        long to = Math.min(size, from + segment);
        if (from == 0 && to == size) {
          updateSegment(pf, gf, mf, vf);
        } else {
          NDIndex range = new NDIndex().addSliceDim(from, to);
          updateSegment(pf.get(range), gf.get(range), mf.get(range), vf.get(range));
        }
      }
    }
  }

  private void updateSegment(NDArray p, NDArray g, NDArray m, NDArray v) {
    FloatBuffer pb = floats(p);
    FloatBuffer gb = floats(g);
    FloatBuffer mb = floats(m);
    FloatBuffer vb = floats(v);
    int size = pb.capacity();
    for (int from = 0; from < size; from += (int) chunk) {
      int to = (int) Math.min(size, from + chunk);
      moments(gb, mb, vb, from, to);
      try (NDScope slice = new NDScope()) {
        slice.suppressNotUsedWarning();
        FloatBuffer root = floats(v.get(new NDIndex().addSliceDim(from, to)).sqrt());
        weights(pb, mb, root, from, to);
      }
    }
  }

  private void moments(FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int to) {
    for (int i = from; i < to; i++) {
      float gi = g.get(i);
      m.put(i, m.get(i) * beta1 + gi * oneMinusBeta1);
      v.put(i, v.get(i) * beta2 + (gi * gi) * oneMinusBeta2);
    }
  }

  /** {@code root} holds {@code sqrt(v)} of elements {@code from..to} from its index 0. */
  private void weights(FloatBuffer p, FloatBuffer m, FloatBuffer root, int from, int to) {
    for (int i = from; i < to; i++) {
      float denominator = root.get(i - from) / sqrtBiasCorrection2 + epsilon;
      p.put(i, p.get(i) * decay - (m.get(i) / denominator) * stepSize);
    }
  }

  /** The tensor's memory as floats, written through (contiguous CPU tensors only). */
  private static FloatBuffer floats(NDArray a) {
    return a.toByteBuffer(true).asFloatBuffer();
  }
}
