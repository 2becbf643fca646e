package dev.ngrpo.learner.advantage;

import dev.ngrpo.core.config.Registry;
import java.util.List;
import java.util.function.Function;

/**
 * The advantage estimators by name: {@code grpo}, {@code ngrpo}, {@code dr-grpo},
 * {@code w-reinforce}, {@code rloo}, and PPO's {@code gae} (per-token advantages from a critic,
 * which the learner computes). The spellings {@code dr_grpo} and {@code w_reinforce}
 * still resolve, with a deprecation warning.
 */
public final class AdvantageEstimators {
  private static final Registry<Function<AdvantageParameters, AdvantageEstimator>> REGISTRY =
      Registry.<Function<AdvantageParameters, AdvantageEstimator>>of("advantage estimator")
          .add("grpo", p -> new GroupNormalizedAdvantage())
          .add("ngrpo", p -> new CalibratedGroupAdvantage(p.maxReward(), p.virtualSamples()))
          .add("dr-grpo", p -> new MeanCenteredAdvantage(), "dr_grpo")
          .add("w-reinforce",
              p -> new WeightedReinforceAdvantage(p.maxReward(), p.positiveWeight()),
              "w_reinforce")
          .add("rloo", p -> new LeaveOneOutAdvantage())
          .add("gae", p -> new CriticAdvantage())
          .build();

  private AdvantageEstimators() {}

  /** The estimator called {@code name}, built from the parameters it needs. */
  public static AdvantageEstimator create(String name, AdvantageParameters parameters) {
    return REGISTRY.get(name).apply(parameters);
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
