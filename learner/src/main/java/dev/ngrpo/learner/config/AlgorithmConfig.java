package dev.ngrpo.learner.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ngrpo.core.config.Registry;
import dev.ngrpo.core.config.Settings;
import dev.ngrpo.learner.advantage.AdvantageEstimator;
import dev.ngrpo.learner.advantage.AdvantageEstimators;
import dev.ngrpo.learner.advantage.AdvantageParameters;
import dev.ngrpo.learner.filter.GroupFilter;
import dev.ngrpo.learner.filter.GroupFilters;
import dev.ngrpo.learner.loss.ClipBounds;
import dev.ngrpo.learner.loss.EntropyBonus;
import dev.ngrpo.learner.loss.KlEstimator;
import dev.ngrpo.learner.loss.KlPenalty;
import dev.ngrpo.learner.loss.LossAggregation;
import dev.ngrpo.learner.loss.LossAggregations;
import dev.ngrpo.learner.loss.PolicyLoss;
import dev.ngrpo.learner.loss.PolicyLosses;
import dev.ngrpo.learner.reward.OverlongShaping;
import java.util.Objects;

/**
 * The RL algorithm of a run (docs/algorithm.md sections 1 to 3): the preset named by
 * {@code ngrpo.learner.preset} (a complete block under {@code ngrpo.presets}) with the keys of
 * {@code ngrpo.learner.algorithm} overriding it. Errors name the key the bad value was set
 * at: {@code ngrpo.presets.<name>.<key>} or {@code ngrpo.learner.algorithm.<key>}.
 *
 * @param preset the preset the values started from, in its current spelling
 * @param advantageEstimator {@code advantage-estimator}, a name of {@link AdvantageEstimators}
 * @param maxReward {@code r-max}, r_max &gt; 0: the reward of a full score, reward = score * r_max
 * @param virtualSamples {@code virtual-samples}, K &gt;= 1
 * @param lambda {@code lambda}, w-reinforce's positive weight, &gt;= 0
 * @param policyLoss {@code policy-loss}, a name of {@link PolicyLosses}
 * @param clipLow {@code clip-low}, eps_low in [0, 1)
 * @param clipHigh {@code clip-high}, eps_high &gt;= 0
 * @param dualClip {@code dual-clip}, 0 (off) or &gt; 1
 * @param lossAggregation {@code loss-aggregation}, a name of {@link LossAggregations}
 * @param entropyCoef {@code entropy-coef}, beta_H in [0, 1]
 * @param klCoef {@code kl-coef}, beta_KL in [0, 10]; 0 means no reference model
 * @param klEstimator {@code kl-estimator}, the lower-case name of a {@link KlEstimator}
 * @param groupFilter {@code group-filter}, a name of {@link GroupFilters}
 * @param overlongEnabled {@code overlong.enabled}
 * @param overlongBufferFraction {@code overlong.buffer-fraction}, L_buf / L_max in (0, 1]
 */
public record AlgorithmConfig(
    String preset,
    String advantageEstimator,
    double maxReward,
    int virtualSamples,
    double lambda,
    String policyLoss,
    double clipLow,
    double clipHigh,
    double dualClip,
    String lossAggregation,
    double entropyCoef,
    double klCoef,
    String klEstimator,
    String groupFilter,
    boolean overlongEnabled,
    double overlongBufferFraction) {

  /** Where the effective values are reported. */
  public static final String PATH = "ngrpo.learner.algorithm";

  /**
   * Largest {@code entropy-coef}: the policy-gradient term is of order 1 per token, so a
   * bonus weighted more than it pushes the policy towards uniform sampling.
   */
  public static final double MAX_ENTROPY_COEF = 1;

  /**
   * Largest {@code kl-coef}: at 10 the penalty outweighs the policy-gradient term by an order
   * of magnitude and the policy stays at the reference; usual values are 0.001 to 0.1.
   */
  public static final double MAX_KL_COEF = 10;

  public AlgorithmConfig {
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(advantageEstimator, "advantageEstimator");
    Objects.requireNonNull(policyLoss, "policyLoss");
    Objects.requireNonNull(lossAggregation, "lossAggregation");
    Objects.requireNonNull(klEstimator, "klEstimator");
    Objects.requireNonNull(groupFilter, "groupFilter");
  }

  /**
   * Reads and validates the algorithm of the fully resolved configuration {@code root}. Every
   * preset block is validated, chosen or not, and a bad value in one is reported under its
   * own key ({@code ngrpo.presets.<name>.<key>}); a bad override under
   * {@code ngrpo.learner.algorithm.<key>}.
   */
  public static AlgorithmConfig from(Config root) {
    Settings learner = Settings.of(root, "ngrpo.learner");
    Registry<Settings> presets = Presets.registry(root);
    for (String name : presets.names()) {
      read(presets.get(name), name);
    }
    String preset = Names.read(learner, "preset", presets);
    Config block = presets.get(preset).config();
    Config overrides =
        learner.has("algorithm") ? learner.section("algorithm").config() : ConfigFactory.empty();
    Presets.checkOverrides(learner, overrides, block);
    return read(Settings.of(overrides.withFallback(block).atPath(PATH), PATH), preset);
  }

  /** The values of one complete block, {@code s}, that started from {@code preset}. */
  private static AlgorithmConfig read(Settings s, String preset) {
    return new AlgorithmConfig(
        preset,
        Names.read(s, "advantage-estimator", AdvantageEstimators.registry()),
        s.doubleAbove("r-max", 0),
        s.positiveInt("virtual-samples"),
        s.nonNegative("lambda"),
        Names.read(s, "policy-loss", PolicyLosses.registry()),
        below(s, "clip-low", 0, 1),
        s.nonNegative("clip-high"),
        dualClip(s),
        Names.read(s, "loss-aggregation", LossAggregations.registry()),
        s.doubleIn("entropy-coef", 0, MAX_ENTROPY_COEF),
        s.doubleIn("kl-coef", 0, MAX_KL_COEF),
        Names.read(s, "kl-estimator", KlEstimator.registry()),
        Names.read(s, "group-filter", GroupFilters.registry()),
        s.bool("overlong.enabled"),
        bufferFraction(s));
  }

  private static double below(Settings s, String key, double min, double max) {
    double v = s.doubleIn(key, min, max);
    if (v >= max) {
      throw s.bad(key, "must be in [" + min + ", " + max + "), got " + v);
    }
    return v;
  }

  private static double bufferFraction(Settings s) {
    double f = s.doubleIn("overlong.buffer-fraction", 0, 1);
    if (f == 0) {
      throw s.bad("overlong.buffer-fraction", "must be in (0, 1], got 0");
    }
    return f;
  }

  private static double dualClip(Settings s) {
    double c = s.nonNegative("dual-clip");
    if (c != 0 && c <= 1) {
      throw s.bad("dual-clip", "must be 0 (off) or > 1, got " + c);
    }
    return c;
  }

  /** r_max, K and lambda for {@link AdvantageEstimators#create}. */
  public AdvantageParameters advantageParameters() {
    return new AdvantageParameters(maxReward, virtualSamples, lambda);
  }

  public AdvantageEstimator newAdvantageEstimator() {
    return AdvantageEstimators.create(advantageEstimator, advantageParameters());
  }

  /** eps_low, eps_high and the dual-clip constant. */
  public ClipBounds clipBounds() {
    return new ClipBounds(clipLow, clipHigh, dualClip);
  }

  public PolicyLoss newPolicyLoss() {
    return PolicyLosses.create(policyLoss, clipBounds());
  }

  /**
   * The configured aggregation.
   *
   * @param maxResponseLength the rollout's max response length in tokens, the constant of
   *     {@code seq-mean-token-sum-norm}
   */
  public LossAggregation newLossAggregation(int maxResponseLength) {
    return LossAggregations.create(lossAggregation, maxResponseLength);
  }

  /** The entropy term, {@code loss -= entropy-coef * H}. */
  public EntropyBonus entropyBonus() {
    return new EntropyBonus(entropyCoef);
  }

  /** Whether a frozen reference policy is needed at all: only when kl-coef &gt; 0. */
  public boolean usesReferenceModel() {
    return klCoef > 0;
  }

  /** The KL term, {@code loss += kl-coef * k}. */
  public KlPenalty klPenalty() {
    return new KlPenalty(KlEstimator.named(klEstimator), klCoef);
  }

  public GroupFilter newGroupFilter() {
    return GroupFilters.create(groupFilter);
  }

  /**
   * The overlong reward shaping, or null when disabled: L_buf = max(1, round(fraction * L_max)).
   *
   * @param maxResponseLength L_max, the rollout's max response length in tokens
   */
  public OverlongShaping overlongShaping(int maxResponseLength) {
    if (!overlongEnabled) {
      return null;
    }
    int buffer = (int) Math.max(1, Math.round(overlongBufferFraction * maxResponseLength));
    return new OverlongShaping(maxResponseLength, buffer);
  }
}
