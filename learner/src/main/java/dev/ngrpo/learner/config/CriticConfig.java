package dev.ngrpo.learner.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;

/**
 * The critic section {@code ngrpo.critic}: PPO's value model and how its values become
 * advantages (docs/algorithm.md section 8). Read for every run, used only by the {@code gae}
 * advantage estimator.
 *
 * @param path {@code path}: a model folder to start the critic from; empty = a copy of the
 *     policy's starting weights
 * @param gamma {@code gamma} in [0, 1], GAE's discount
 * @param lambda {@code lambda} in [0, 1], GAE's trace decay
 * @param whitenAdvantages {@code whiten-advantages}: zero mean and unit variance over the
 *     step's trained tokens
 * @param klInReward {@code kl-in-reward}, beta in [0, 10] of the k1 penalty in the token
 *     rewards; 0 = off
 * @param valueClip {@code value-clip} &gt; 0, PPO2's range around the old value
 * @param valueCoef {@code value-coef} &gt; 0, the value loss's weight
 * @param warmupSteps {@code warmup-steps} &gt;= 0 steps of critic updates before the policy's
 * @param headInitStd {@code head-init-std} in [0, 1], the head weights' initial spread: the
 *     hidden states it reads are normalised, so a larger one starts values far from any return
 * @param optimizer {@code optimizer}, the critic's AdamW and schedule
 */
public record CriticConfig(
    String path,
    double gamma,
    double lambda,
    boolean whitenAdvantages,
    double klInReward,
    double valueClip,
    double valueCoef,
    int warmupSteps,
    double headInitStd,
    OptimizerConfig optimizer) {

  public static final String PATH = "ngrpo.critic";

  /** Reads and validates the section of the fully resolved configuration {@code root}. */
  public static CriticConfig from(Config root) {
    Settings s = Settings.of(root, PATH);
    return new CriticConfig(
        s.string("path").trim(),
        s.doubleIn("gamma", 0, 1),
        s.doubleIn("lambda", 0, 1),
        s.bool("whiten-advantages"),
        s.doubleIn("kl-in-reward", 0, AlgorithmConfig.MAX_KL_COEF),
        s.doubleAbove("value-clip", 0),
        s.doubleAbove("value-coef", 0),
        s.nonNegativeInt("warmup-steps"),
        s.doubleIn("head-init-std", 0, 1),
        OptimizerConfig.from(root, PATH + ".optimizer"));
  }
}
