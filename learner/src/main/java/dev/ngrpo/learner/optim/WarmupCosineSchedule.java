package dev.ngrpo.learner.optim;

/**
 * {@code warmup-cosine}: linear warmup over W updates, then cosine decay from lr to
 * {@code minRatio * lr} at update S (the run's total number of updates), flat after that:
 *
 * <pre>
 *   lr(s) = lr * (s + 1) / W                                        s &lt; W
 *   p     = min((s - W) / (S - W), 1)                                s &gt;= W
 *   lr(s) = lr * (minRatio + (1 - minRatio) * 0.5 * (1 + cos(pi * p)))
 * </pre>
 *
 * <p>The warmup starts at lr / W rather than 0, so the first update is not wasted; it reaches lr
 * at update W - 1 and the decay starts from lr at update W.
 */
final class WarmupCosineSchedule implements LearningRateSchedule {
  private final double learningRate;
  private final int warmupSteps;
  private final long totalSteps;
  private final double minRatio;

  WarmupCosineSchedule(double learningRate, int warmupSteps, long totalSteps, double minRatio) {
    if (totalSteps <= warmupSteps) {
      throw new IllegalArgumentException("warmup-cosine needs more total updates (" + totalSteps
          + ") than warmup steps (" + warmupSteps + ")");
    }
    this.learningRate = learningRate;
    this.warmupSteps = warmupSteps;
    this.totalSteps = totalSteps;
    this.minRatio = minRatio;
  }

  @Override
  public double learningRate(long step) {
    if (step < warmupSteps) {
      return learningRate * (step + 1) / warmupSteps;
    }
    double progress = Math.min((double) (step - warmupSteps) / (totalSteps - warmupSteps), 1.0);
    return learningRate * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  }
}
