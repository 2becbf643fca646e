package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;

/**
 * The {@code ngrpo.sft} section: the supervised warm start.
 *
 * @param steps supervised steps, 0 = none
 * @param batchSize prompts per step
 * @param learningRate AdamW learning rate in (0, 1], as {@code ngrpo.learner.optimizer.lr}
 * @param warmupSteps linear warmup steps
 */
public record SftSettings(int steps, int batchSize, double learningRate, int warmupSteps) {
  /** Reads and validates {@code ngrpo.sft}. */
  public static SftSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.sft");
    return new SftSettings(s.intIn("steps", 0, 10_000_000), s.intIn("batch-size", 1, 1 << 20),
        s.positiveAtMost("lr", 1), s.nonNegativeInt("warmup-steps"));
  }
}
