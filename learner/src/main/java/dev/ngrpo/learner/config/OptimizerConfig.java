package dev.ngrpo.learner.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.learner.optim.LearningRateSchedule;
import dev.ngrpo.learner.optim.LearningRateSchedules;

/**
 * The optimizer section {@code ngrpo.learner.optimizer}: AdamW, global-norm clipping and the
 * learning-rate schedule (docs/algorithm.md section 4).
 *
 * @param learningRate {@code lr} in (0, 1]: Adam's step per weight is about lr, and weights
 *     of order 1 moved by more than that each update are destroyed, not trained
 * @param weightDecay {@code weight-decay} in [0, 1]: with lr &lt;= 1 the factor 1 - lr * wd
 *     of each update stays in [0, 1] and never flips a weight's sign
 * @param beta1 {@code beta1} in [0, 1)
 * @param beta2 {@code beta2} in [0, 1)
 * @param epsilon {@code eps} in (0, 1]: added to sqrt(v), about the size of a gradient
 *     element (at most grad-clip, 1 by default); a larger eps turns Adam into a slowed SGD
 * @param gradClip {@code grad-clip}, max global L2 grad norm, &gt; 0
 * @param schedule {@code schedule}, a name of {@link LearningRateSchedules}
 * @param warmupSteps {@code warmup-steps} &gt;= 0 optimizer updates
 * @param minLrRatio {@code min-lr-ratio} in [0, 1]
 */
public record OptimizerConfig(
    double learningRate,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    double gradClip,
    String schedule,
    int warmupSteps,
    double minLrRatio) {

  public static final String PATH = "ngrpo.learner.optimizer";

  /** Reads and validates the section of the fully resolved configuration {@code root}. */
  public static OptimizerConfig from(Config root) {
    return from(root, PATH);
  }

  /**
   * Reads and validates an optimizer section with these keys at {@code path} (the policy's,
   * or the critic's {@code ngrpo.critic.optimizer}).
   */
  public static OptimizerConfig from(Config root, String path) {
    Settings s = Settings.of(root, path);
    return new OptimizerConfig(
        s.positiveAtMost("lr", 1),
        s.doubleIn("weight-decay", 0, 1),
        belowOne(s, "beta1"),
        belowOne(s, "beta2"),
        s.positiveAtMost("eps", 1),
        s.doubleAbove("grad-clip", 0),
        Names.read(s, "schedule", LearningRateSchedules.registry()),
        s.nonNegativeInt("warmup-steps"),
        s.doubleIn("min-lr-ratio", 0, 1));
  }

  private static double belowOne(Settings s, String key) {
    double v = s.doubleIn(key, 0, 1);
    if (v >= 1) {
      throw s.bad(key, "must be in [0, 1), got " + v);
    }
    return v;
  }

  /** A fresh AdamW with these betas, eps and weight decay (the caller closes it). */
  public AdamW newOptimizer() {
    return new AdamW(beta1, beta2, epsilon, weightDecay);
  }

  /**
   * The schedule.
   *
   * @param totalSteps the run's total optimizer updates (steps x mini-batches x epochs)
   */
  public LearningRateSchedule newSchedule(long totalSteps) {
    return LearningRateSchedules.create(
        schedule, learningRate, warmupSteps, minLrRatio, totalSteps);
  }
}
