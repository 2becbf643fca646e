package dev.ngrpo.learner.optim;

import dev.ngrpo.core.config.Registry;
import java.util.List;

/**
 * The learning-rate schedules by name: {@code constant} ({@link ConstantSchedule}) and
 * {@code warmup-cosine} ({@link WarmupCosineSchedule}).
 */
public final class LearningRateSchedules {
  private interface Factory {
    LearningRateSchedule create(double lr, int warmupSteps, double minRatio, long totalSteps);
  }

  private static final Registry<Factory> REGISTRY = Registry.<Factory>of("learning-rate schedule")
      .add("constant", (lr, warmup, minRatio, total) -> new ConstantSchedule(lr, warmup))
      .add("warmup-cosine",
          (lr, warmup, minRatio, total) -> new WarmupCosineSchedule(lr, warmup, total, minRatio))
      .build();

  private LearningRateSchedules() {}

  /**
   * The schedule called {@code name}.
   *
   * @param learningRate the base rate, finite and {@code > 0}
   * @param warmupSteps W, updates of linear warmup, {@code >= 0}
   * @param minRatio the final rate of {@code warmup-cosine} as a fraction of the base, in
   *     {@code [0, 1]}; {@code constant} ignores it
   * @param totalSteps S, the run's total number of optimizer updates (steps x mini-batches x
   *     epochs), the end of the cosine decay; {@code constant} ignores it
   */
  public static LearningRateSchedule create(
      String name, double learningRate, int warmupSteps, double minRatio, long totalSteps) {
    Factory factory = REGISTRY.get(name);
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate must be a finite number > 0, got " + learningRate);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmup steps must be >= 0, got " + warmupSteps);
    }
    if (!(minRatio >= 0 && minRatio <= 1)) {
      throw new IllegalArgumentException("min lr ratio must be in [0, 1], got " + minRatio);
    }
    return factory.create(learningRate, warmupSteps, minRatio, totalSteps);
  }

  /** The names, for checking a configured one. */
  public static Registry<?> registry() {
    return REGISTRY;
  }

  /** Current names, in registration order. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}
