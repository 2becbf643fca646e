package dev.ngrpo.learner.optim;

/**
 * {@code constant}: the base rate, after an optional linear warmup (the NGRPO paper uses a
 * constant 1e-6 with no warmup):
 *
 * <pre>
 *   lr(s) = lr * (s + 1) / W    for s &lt; W
 *   lr(s) = lr                  otherwise
 * </pre>
 *
 * <p>The warmup starts at lr / W rather than 0, so the first update is not wasted.
 */
final class ConstantSchedule implements LearningRateSchedule {
  private final double learningRate;
  private final int warmupSteps;

  ConstantSchedule(double learningRate, int warmupSteps) {
    this.learningRate = learningRate;
    this.warmupSteps = warmupSteps;
  }

  @Override
  public double learningRate(long step) {
    if (step < warmupSteps) {
      return learningRate * (step + 1) / warmupSteps;
    }
    return learningRate;
  }
}
