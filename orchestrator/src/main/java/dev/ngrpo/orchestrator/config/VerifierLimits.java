package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;

/**
 * What the driver tolerates of the verifier ({@code ngrpo.verifier}, the keys the driver reads;
 * the executors read the rest of the section).
 *
 * @param maxUngradedFraction the largest share of a step's responses the verifier may fail
 *     to grade (it threw or timed out) before the run stops, in {@code [0, 1]}
 */
public record VerifierLimits(double maxUngradedFraction) {
  /** Reads and checks the keys. */
  public static VerifierLimits from(Config root) {
    Settings s = Settings.of(root, "ngrpo.verifier");
    return new VerifierLimits(s.doubleIn("max-ungraded-fraction", 0, 1));
  }
}
