package dev.ngrpo.learner.advantage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The advantage estimators by name: {@code grpo}, {@code ngrpo}, {@code dr_grpo},
 * {@code w_reinforce}, {@code rloo}. An unknown name fails listing the known ones.
 */
public final class AdvantageEstimators {
  private static final Map<String, Function<AdvantageParameters, AdvantageEstimator>> FACTORIES =
      new LinkedHashMap<>();

  static {
    FACTORIES.put("grpo", p -> new GroupNormalizedAdvantage());
    FACTORIES.put("ngrpo",
        p -> new CalibratedGroupAdvantage(p.maxReward(), p.virtualSamples()));
    FACTORIES.put("dr_grpo", p -> new MeanCenteredAdvantage());
    FACTORIES.put("w_reinforce",
        p -> new WeightedReinforceAdvantage(p.maxReward(), p.positiveWeight()));
    FACTORIES.put("rloo", p -> new LeaveOneOutAdvantage());
  }

  private AdvantageEstimators() {}

  /** The estimator called {@code name}, built from the parameters it needs. */
  public static AdvantageEstimator create(String name, AdvantageParameters parameters) {
    Function<AdvantageParameters, AdvantageEstimator> factory = FACTORIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown advantage estimator '" + name + "'; known: " + names());
    }
    return factory.apply(parameters);
  }

  /** Known names, in registration order. */
  public static List<String> names() {
    return List.copyOf(FACTORIES.keySet());
  }
}
