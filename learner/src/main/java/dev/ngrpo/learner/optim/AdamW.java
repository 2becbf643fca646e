package dev.ngrpo.learner.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), exactly PyTorch's {@code AdamW}
 * update. For each parameter p with gradient g, at update t = 1, 2, ...:
 *
 * <pre>
 *   p &lt;- p * (1 - lr * wd)                              decoupled decay, before the Adam step
 *   m &lt;- beta1 * m + (1 - beta1) * g
 *   v &lt;- beta2 * v + (1 - beta2) * g^2
 *   p &lt;- p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>So the first update moves each weight by {@code -lr * g / (|g| + eps) - lr * wd * p}, about
 * {@code -lr * sign(g) - lr * wd * p}.
 *
 * <p>Parameters are updated in place and must be {@code float32}, and contiguous on the CPU,
 * where {@link AdamWHostPass} writes their memory directly. The moments m and v are created
 * at the first update, in a manager this optimizer owns on the parameters' device, and are freed
 * by {@link #close()}. Call {@link #step} outside any {@code GradientCollector} (in-place updates
 * of leaf tensors are only legal without grad mode) and with gradients already clipped.
 */
public final class AdamW implements AutoCloseable {
  /**
   * CPU parameters are updated by {@link AdamWHostPass} in slices of this many elements (16 MB
   * of float32), one libtorch square root per slice. Smaller slices stay in cache between the
   * passes but pay more dispatches into libtorch's thread pool, which cost more than the cache
   * misses on a machine whose cores are shared (bin/ngrpo bench-model --profile shows the
   * optimizer's share of a step). GPU parameters are updated
   * whole by tensor operations.
   */
  public static final long CPU_CHUNK_ELEMENTS = 1 << 22;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final long chunkElements;
  private final long segmentElements;
  private final boolean hostPass;
  private NDManager stateManager;
  private List<NDArray> firstMoments = List.of();
  private List<NDArray> secondMoments = List.of();
  private long step;

  /**
   * @param beta1 in {@code [0, 1)} (0.9)
   * @param beta2 in {@code [0, 1)} (0.999)
   * @param epsilon {@code > 0} (1e-8)
   * @param weightDecay {@code >= 0} (0.01)
   */
  public AdamW(double beta1, double beta2, double epsilon, double weightDecay) {
    this(beta1, beta2, epsilon, weightDecay, CPU_CHUNK_ELEMENTS, AdamWHostPass.SEGMENT_ELEMENTS,
        true);
  }

  /**
   * {@link #AdamW(double, double, double, double)} updating CPU parameters in slices of
   * {@code chunkElements} within direct views of {@code segmentElements}, by
   * {@link AdamWHostPass} or, without {@code hostPass}, by the tensor operations a GPU parameter
   * gets (for tests that hold the two to the same bits).
   */
  AdamW(double beta1, double beta2, double epsilon, double weightDecay, long chunkElements,
      long segmentElements, boolean hostPass) {
    if (chunkElements < 1 || segmentElements < chunkElements
        || segmentElements % chunkElements != 0) {
      throw new IllegalArgumentException("chunk must be >= 1 element and divide the segment, got "
          + chunkElements + " and " + segmentElements);
    }
    this.chunkElements = chunkElements;
    this.segmentElements = segmentElements;
    this.hostPass = hostPass;
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    }
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("eps must be a finite number > 0, got " + epsilon);
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weight decay must be a finite number >= 0, got " + weightDecay);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  /**
   * One update of every parameter, in place.
   *
   * @param parameters the parameters, same order and shapes at every call, {@code float32}
   * @param gradients their gradients, same shapes; not modified
   * @param learningRate lr of this update, finite and {@code >= 0}
   */
  public void step(List<NDArray> parameters, List<NDArray> gradients, double learningRate) {
    if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate must be a finite number >= 0, got " + learningRate);
    }
    checkShapes(parameters, gradients);
    if (stateManager == null) {
      createMoments(parameters);
    } else {
      checkMoments(parameters);
    }
    long t = step + 1;
    double biasCorrection1 = 1 - Math.pow(beta1, t);
    double sqrtBiasCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
    double stepSize = learningRate / biasCorrection1;
    AdamWHostPass onHost = new AdamWHostPass(1 - learningRate * weightDecay, beta1, beta2,
        sqrtBiasCorrection2, epsilon, stepSize, chunkElements, segmentElements);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      if (hostPass && !p.getDevice().isGpu()) {
        onHost.update(p, gradients.get(i), firstMoments.get(i), secondMoments.get(i));
      } else {
        update(p, gradients.get(i), firstMoments.get(i), secondMoments.get(i), learningRate,
            sqrtBiasCorrection2, stepSize);
      }
    }
    step = t;
  }

  /**
   * The update of one parameter by tensor operations, in place; its temporaries are freed on
   * return, so the next parameter reuses their memory instead of faulting in fresh pages.
   */
  private void update(NDArray p, NDArray g, NDArray m, NDArray v, double learningRate,
      double sqrtBiasCorrection2, double stepSize) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      p.muli(1 - learningRate * weightDecay);
      m.muli(beta1).addi(g.mul(1 - beta1));
      v.muli(beta2).addi(g.square().muli(1 - beta2));
      NDArray denominator = v.sqrt().divi(sqrtBiasCorrection2).addi(epsilon);
      p.subi(m.div(denominator).muli(stepSize));
    }
  }

  /** Updates taken so far. */
  public long stepCount() {
    return step;
  }

  /**
   * Host copy of one moment of the parameter at {@code index} in update order: m, or v when
   * {@code second}; for writing a checkpoint one tensor at a time.
   *
   * @throws IllegalStateException before the first update
   */
  public float[] moment(int index, boolean second) {
    if (step == 0) {
      throw new IllegalStateException("no moments before the first update");
    }
    return (second ? secondMoments : firstMoments).get(index).toFloatArray();
  }

  /** The moments and step count as host arrays (one device-to-host copy per moment). */
  public AdamWState exportState() {
    if (step == 0) {
      return AdamWState.initial();
    }
    float[][] m = new float[firstMoments.size()][];
    float[][] v = new float[secondMoments.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = firstMoments.get(i).toFloatArray();
      v[i] = secondMoments.get(i).toFloatArray();
    }
    return new AdamWState(step, m, v);
  }

  /**
   * Replaces this optimizer's state with {@code state}, shaped like {@code parameters} (the
   * parameters the next {@link #step} will update).
   */
  public void importState(AdamWState state, List<NDArray> parameters) {
    if (state.step() > 0) {
      checkStateFits(state, parameters);
    }
    freeMoments();
    if (state.step() == 0) {
      return;
    }
    stateManager = NDManager.newBaseManager(parameters.get(0).getDevice());
    List<NDArray> m = new ArrayList<>(parameters.size());
    List<NDArray> v = new ArrayList<>(parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      Shape shape = parameters.get(i).getShape();
      m.add(owned(stateManager.create(state.firstMoments()[i], shape)));
      v.add(owned(stateManager.create(state.secondMoments()[i], shape)));
    }
    firstMoments = m;
    secondMoments = v;
    step = state.step();
  }

  /** Frees the moments. */
  @Override
  public void close() {
    freeMoments();
  }

  private void createMoments(List<NDArray> parameters) {
    stateManager = NDManager.newBaseManager(parameters.get(0).getDevice());
    List<NDArray> m = new ArrayList<>(parameters.size());
    List<NDArray> v = new ArrayList<>(parameters.size());
    for (NDArray p : parameters) {
      m.add(owned(stateManager.zeros(p.getShape(), DataType.FLOAT32)));
      v.add(owned(stateManager.zeros(p.getShape(), DataType.FLOAT32)));
    }
    firstMoments = m;
    secondMoments = v;
  }

  /** Takes {@code a} out of any caller's NDScope: only the state manager may free it. */
  private static NDArray owned(NDArray a) {
    NDScope.unregister(a);
    return a;
  }

  private void freeMoments() {
    if (stateManager != null) {
      stateManager.close();
      stateManager = null;
    }
    firstMoments = List.of();
    secondMoments = List.of();
    step = 0;
  }

  private static void checkStateFits(AdamWState state, List<NDArray> parameters) {
    if (state.firstMoments().length != parameters.size()) {
      throw new IllegalArgumentException("optimizer state has " + state.firstMoments().length
          + " parameters but the model has " + parameters.size());
    }
    for (int i = 0; i < parameters.size(); i++) {
      long size = parameters.get(i).size();
      if (state.firstMoments()[i].length != size) {
        throw new IllegalArgumentException("optimizer state parameter " + i + " has "
            + state.firstMoments()[i].length + " values but the parameter has " + size
            + " (shape " + parameters.get(i).getShape() + ")");
      }
    }
  }

  private static void checkShapes(List<NDArray> parameters, List<NDArray> gradients) {
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException("no parameters to update");
    }
    if (parameters.size() != gradients.size()) {
      throw new IllegalArgumentException(
          parameters.size() + " parameters but " + gradients.size() + " gradients");
    }
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      if (p.getDataType() != DataType.FLOAT32) {
        throw new IllegalArgumentException(
            "parameter " + i + " must be float32, got " + p.getDataType());
      }
      if (!p.getShape().equals(gradients.get(i).getShape())) {
        throw new IllegalArgumentException("parameter " + i + " has shape " + p.getShape()
            + " but its gradient has shape " + gradients.get(i).getShape());
      }
    }
  }

  private void checkMoments(List<NDArray> parameters) {
    if (parameters.size() != firstMoments.size()) {
      throw new IllegalArgumentException("optimizer holds state for " + firstMoments.size()
          + " parameters but was given " + parameters.size());
    }
    for (int i = 0; i < parameters.size(); i++) {
      if (!parameters.get(i).getShape().equals(firstMoments.get(i).getShape())) {
        throw new IllegalArgumentException("parameter " + i + " has shape "
            + parameters.get(i).getShape() + " but its optimizer state has shape "
            + firstMoments.get(i).getShape());
      }
    }
  }
}
