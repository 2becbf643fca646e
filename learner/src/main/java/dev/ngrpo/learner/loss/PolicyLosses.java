package dev.ngrpo.learner.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The policy losses by name: {@code clipped-surrogate} ({@link ClippedSurrogateLoss}, every
 * preset) and {@code no-clip} ({@link ImportanceWeightedLoss}, ablations). An unknown name fails
 * listing the known ones.
 */
public final class PolicyLosses {
  private static final Map<String, Function<ClipBounds, PolicyLoss>> FACTORIES =
      new LinkedHashMap<>();

  static {
    FACTORIES.put("clipped-surrogate", ClippedSurrogateLoss::new);
    FACTORIES.put("no-clip", bounds -> new ImportanceWeightedLoss());
  }

  private PolicyLosses() {}

  /** The loss called {@code name}; {@code no-clip} ignores the bounds. */
  public static PolicyLoss create(String name, ClipBounds bounds) {
    Function<ClipBounds, PolicyLoss> factory = FACTORIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown policy loss '" + name + "'; known: " + names());
    }
    return factory.apply(bounds);
  }

  /** Known names, in registration order. */
  public static List<String> names() {
    return List.copyOf(FACTORIES.keySet());
  }
}
