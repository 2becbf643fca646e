package dev.ngrpo.learner.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.Scalars;
import dev.ngrpo.core.model.ScoredTokens;
import dev.ngrpo.core.model.TokenScorer;
import dev.ngrpo.core.model.TrainingPass;
import dev.ngrpo.learner.loss.TokenLoss;

/**
 * The RL objective of one micro-batch (docs/algorithm.md section 2): a forward pass with
 * gradients, the per-token {@code policy loss + beta_KL * k - beta_H * H} aggregated over the
 * response tokens and weighted so the micro-batches of a mini-batch add up to it, then backward.
 * Its clip, entropy and KL sums go to the step's totals.
 */
final class PolicyObjective {
  private final PolicyModel policy;
  private final LearnerParts parts;
  private final float temperature;

  PolicyObjective(PolicyModel policy, LearnerParts parts, float temperature) {
    this.policy = policy;
    this.parts = parts;
    this.temperature = temperature;
  }

  /**
   * Forward, loss and backward of the rows {@code part}; returns the weighted loss, and does
   * not back-propagate a non-finite one. The forward is a training pass: with LoRA dropout
   * the adapters drop their inputs, with masks keyed by {@code dropoutSeed} and the rows'
   * indices ({@link TokenScorer#scoreTraining}).
   *
   * @param old {@code [rows][len_r]} recomputed old log-probs of every row of the step
   * @param ref the same under the reference policy, or null when KL is off
   * @param dropoutSeed {@link TrainingPass#seed} of the step and epoch
   */
  float backward(TrainingRows rows, int[] part, float[][] old, float[][] ref, long dropoutSeed,
      double weight, GradientCollector collector, StepTotals totals) {
    long forwardStart = System.nanoTime();
    try (NDScope scope = new NDScope(); NDManager m = policy.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      int[][] prompts = TrainingRows.select(rows.prompts, part, new int[part.length][]);
      int[][] responses = TrainingRows.select(rows.responses, part, new int[part.length][]);
      ScoredTokens s = TokenScorer.scoreTraining(policy, m, prompts, responses, temperature,
          true, new TrainingPass(dropoutSeed, part));
      Shape shape = s.logProbs().getShape();
      int width = Math.toIntExact(shape.get(1));
      NDArray oldLogProbs = m.create(RowScorer.padded(old, part, width), shape);
      NDArray advantages = m.create(RowScorer.padded(rows.advantages, part, width), shape);
      TokenLoss tokenLoss = parts.policyLoss().compute(s.logProbs(), oldLogProbs, advantages);
      NDArray perToken = tokenLoss.loss();
      NDArray mask = s.mask();
      if (ref != null) {
        NDArray refLogProbs = m.create(RowScorer.padded(ref, part, width), shape);
        perToken = parts.klPenalty().addTo(perToken, s.logProbs(), refLogProbs);
        totals.kl += parts.klPenalty().estimator().perToken(s.logProbs(), refLogProbs)
            .mul(mask).sum().getFloat();
      }
      if (parts.entropyBonus().coefficient() > 0) {
        perToken = parts.entropyBonus().subtractFrom(perToken, s.entropy());
      }
      NDArray loss = parts.aggregation().aggregate(perToken, mask)
          .mul(Scalars.of(perToken, (float) weight));
      float value = loss.getFloat();
      totals.tokens += mask.sum().getFloat();
      totals.clippedPositive += tokenLoss.clippedPositive().mul(mask).sum().getFloat();
      totals.clippedNegative += tokenLoss.clippedNegative().mul(mask).sum().getFloat();
      totals.entropy += s.entropy().mul(mask).sum().getFloat();
      long backwardStart = System.nanoTime();
      totals.forwardNanos += backwardStart - forwardStart;
      if (Float.isFinite(value)) {
        collector.backward(loss);
      }
      totals.backwardNanos += System.nanoTime() - backwardStart;
      return value;
    }
  }
}
