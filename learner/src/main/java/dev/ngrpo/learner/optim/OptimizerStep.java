package dev.ngrpo.learner.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.ngrpo.core.model.Gradients;
import java.util.List;

/**
 * One optimizer update, the same for the RL step and for supervised fine-tuning (docs/algorithm.md
 * section 4 step 4): backward passes into one {@link GradientCollector}, global grad-norm clip,
 * AdamW at the schedule's rate, gradients zeroed.
 *
 * <p>A non-finite loss or gradient norm skips the AdamW step, so the weights and the optimizer
 * state stay as they were; the gradients are zeroed in every case, because PyTorch accumulates
 * them across collectors. Owns its {@link AdamW} and frees it on {@link #close()}.
 */
public final class OptimizerStep implements AutoCloseable {

  /** The forward and backward passes of one update. */
  @FunctionalInterface
  public interface Backward {
    /**
     * Runs the passes, back-propagating each finite loss through {@code collector}.
     *
     * @return the summed loss of the passes; not finite when one was not back-propagated
     */
    double run(GradientCollector collector);
  }

  /**
   * What an update did.
   *
   * @param loss what {@link Backward#run} returned
   * @param gradNorm the global gradient norm before clipping; NaN when the loss was not finite
   * @param learningRate the rate AdamW used; NaN when the update was skipped
   * @param optimizerNanos time spent clipping, updating and zeroing the gradients
   */
  public record Update(double loss, double gradNorm, double learningRate, long optimizerNanos) {
    /** True when AdamW changed the weights. */
    public boolean applied() {
      return Double.isFinite(loss) && Double.isFinite(gradNorm);
    }
  }

  private final AdamW adam;
  private final LearningRateSchedule schedule;
  private final double gradClip;

  /**
   * @param adam the optimizer, owned from now on
   * @param schedule the learning rate of each update, by {@link AdamW#stepCount()}
   * @param gradClip the largest global gradient norm, finite and {@code > 0}
   */
  public OptimizerStep(AdamW adam, LearningRateSchedule schedule, double gradClip) {
    if (!(gradClip > 0) || !Double.isFinite(gradClip)) {
      throw new IllegalArgumentException("grad-clip must be a finite number > 0, got " + gradClip);
    }
    this.adam = adam;
    this.schedule = schedule;
    this.gradClip = gradClip;
  }

  /**
   * One update of {@code parameters} in place.
   *
   * @param parameters the trainable parameters, {@code float32}, in the same order every call
   */
  public Update update(List<NDArray> parameters, Backward backward) {
    double loss;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      loss = backward.run(collector);
    }
    double gradNorm = Double.NaN;
    double learningRate = Double.NaN;
    long start = System.nanoTime();
    if (Double.isFinite(loss)) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        List<NDArray> grads = parameters.stream().map(NDArray::getGradient).toList();
        gradNorm = GradientClipping.clipGlobalNorm(grads, gradClip);
        if (Double.isFinite(gradNorm)) {
          learningRate = schedule.learningRate(adam.stepCount());
          adam.step(parameters, grads, learningRate);
        }
      }
    }
    Gradients.zero(parameters);
    return new Update(loss, gradNorm, learningRate, System.nanoTime() - start);
  }

  /** The optimizer, for its state in checkpoints. */
  public AdamW adam() {
    return adam;
  }

  /** Frees the optimizer state. */
  @Override
  public void close() {
    adam.close();
  }
}
