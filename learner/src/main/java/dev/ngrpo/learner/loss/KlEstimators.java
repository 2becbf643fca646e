package dev.ngrpo.learner.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KL estimators by name: {@code k1}, {@code k2}, {@code k3}. An unknown name fails listing
 * the known ones.
 */
public final class KlEstimators {
  private static final Map<String, KlEstimator> ESTIMATORS = new LinkedHashMap<>();

  static {
    register(new LogRatioKl());
    register(new SquaredLogRatioKl());
    register(new LowVarianceKl());
  }

  private KlEstimators() {}

  private static void register(KlEstimator estimator) {
    ESTIMATORS.put(estimator.name(), estimator);
  }

  /** The estimator called {@code name}; estimators are stateless and shared. */
  public static KlEstimator create(String name) {
    KlEstimator estimator = ESTIMATORS.get(name);
    if (estimator == null) {
      throw new IllegalArgumentException("unknown KL estimator '" + name + "'; known: " + names());
    }
    return estimator;
  }

  /** Known names, in registration order. */
  public static List<String> names() {
    return List.copyOf(ESTIMATORS.keySet());
  }
}
