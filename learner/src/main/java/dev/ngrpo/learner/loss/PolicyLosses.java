package dev.ngrpo.learner.loss;

import dev.ngrpo.core.config.Registry;
import java.util.List;
import java.util.function.Function;

/**
 * The policy losses by name: {@code clipped-surrogate} ({@link ClippedSurrogateLoss}, every
 * preset) and {@code no-clip} ({@link ImportanceWeightedLoss}, ablations).
 */
public final class PolicyLosses {
  private static final Registry<Function<ClipBounds, PolicyLoss>> REGISTRY =
      Registry.<Function<ClipBounds, PolicyLoss>>of("policy loss")
          .add("clipped-surrogate", ClippedSurrogateLoss::new)
          .add("no-clip", bounds -> new ImportanceWeightedLoss())
          .build();

  private PolicyLosses() {}

  /** The loss called {@code name}; {@code no-clip} ignores the bounds. */
  public static PolicyLoss create(String name, ClipBounds bounds) {
    return REGISTRY.get(name).apply(bounds);
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
