package dev.ngrpo.learner.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The loss aggregations by name: {@code token-mean}, {@code seq-mean-token-mean},
 * {@code seq-mean-token-sum}, {@code seq-mean-token-sum-norm}. An unknown name fails listing the
 * known ones.
 */
public final class LossAggregations {
  private static final Map<String, IntFunction<LossAggregation>> FACTORIES =
      new LinkedHashMap<>();

  static {
    FACTORIES.put("token-mean", maxLength -> new TokenMean());
    FACTORIES.put("seq-mean-token-mean", maxLength -> new SequenceMeanTokenMean());
    FACTORIES.put("seq-mean-token-sum", maxLength -> new SequenceMeanTokenSum());
    FACTORIES.put("seq-mean-token-sum-norm", TokenSumNormalized::new);
  }

  private LossAggregations() {}

  /**
   * The aggregation called {@code name}.
   *
   * @param maxResponseLength the constant normalizer of {@code seq-mean-token-sum-norm} (the
   *     rollout's max response length in tokens); the other modes ignore it
   */
  public static LossAggregation create(String name, int maxResponseLength) {
    IntFunction<LossAggregation> factory = FACTORIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown loss aggregation '" + name + "'; known: " + names());
    }
    return factory.apply(maxResponseLength);
  }

  /** Known names, in registration order. */
  public static List<String> names() {
    return List.copyOf(FACTORIES.keySet());
  }
}
