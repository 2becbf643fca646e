package dev.ngrpo.learner.config;

import dev.ngrpo.core.model.FrozenDtype;
import java.util.Objects;

/**
 * Everything a {@code Learner} is built from: the learner section and what it depends on of the
 * rest of the run.
 *
 * @param learner the learner section {@code ngrpo.learner}
 * @param temperature the rollout sampling temperature, finite and {@code > 0}: log-probs are of
 *     that distribution
 * @param maxResponseLength the rollout's max new tokens, {@code >= 1}: Dr. GRPO's normalizer
 *     and DAPO's L_max
 * @param totalSteps training steps of the run, {@code >= 0}, for schedules that decay over it
 * @param runSeed seeds the mini-batch shuffles together with the step
 * @param referenceType the matrices' type of the KL reference model, which is only run forward
 *     ({@code ngrpo.model.frozen-dtype})
 */
public record LearnerSetup(LearnerConfig learner, float temperature, int maxResponseLength,
    long totalSteps, long runSeed, FrozenDtype referenceType) {

  public LearnerSetup {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(referenceType, "referenceType");
    if (!(temperature > 0) || !Float.isFinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be a finite number > 0, got " + temperature);
    }
    if (maxResponseLength < 1) {
      throw new IllegalArgumentException(
          "max response length must be >= 1, got " + maxResponseLength);
    }
    if (totalSteps < 0) {
      throw new IllegalArgumentException("total steps must be >= 0, got " + totalSteps);
    }
  }

  /** Optimizer updates of the whole run: steps x mini-batches x epochs. */
  public long totalUpdates() {
    return totalSteps * learner.miniBatches() * learner.epochs();
  }
}
