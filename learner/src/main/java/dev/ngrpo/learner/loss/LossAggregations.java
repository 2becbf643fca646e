package dev.ngrpo.learner.loss;

import dev.ngrpo.core.config.Registry;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The loss aggregations by name: {@code token-mean}, {@code seq-mean-token-mean},
 * {@code seq-mean-token-sum}, {@code seq-mean-token-sum-norm}.
 */
public final class LossAggregations {
  private static final Registry<IntFunction<LossAggregation>> REGISTRY =
      Registry.<IntFunction<LossAggregation>>of("loss aggregation")
          .add("token-mean", maxLength -> new TokenMean())
          .add("seq-mean-token-mean", maxLength -> new SequenceMeanTokenMean())
          .add("seq-mean-token-sum", maxLength -> new SequenceMeanTokenSum())
          .add("seq-mean-token-sum-norm", TokenSumNormalized::new)
          .build();

  private LossAggregations() {}

  /**
   * The aggregation called {@code name}.
   *
   * @param maxResponseLength the constant normalizer of {@code seq-mean-token-sum-norm} (the
   *     rollout's max response length in tokens); the other modes ignore it
   */
  public static LossAggregation create(String name, int maxResponseLength) {
    return REGISTRY.get(name).apply(maxResponseLength);
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
