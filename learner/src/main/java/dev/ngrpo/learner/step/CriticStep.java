package dev.ngrpo.learner.step;

import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_RAW_MEAN;
import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_RAW_STD;
import static dev.ngrpo.core.data.MetricNames.EXPLAINED_VARIANCE;
import static dev.ngrpo.core.data.MetricNames.KL;
import static dev.ngrpo.core.data.MetricNames.RETURN_MEAN;
import static dev.ngrpo.core.data.MetricNames.VALUE_MEAN;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.core.model.Scalars;
import dev.ngrpo.learner.config.CriticConfig;
import dev.ngrpo.learner.critic.ExplainedVariance;
import dev.ngrpo.learner.critic.Gae;
import dev.ngrpo.learner.critic.TokenRewards;
import dev.ngrpo.learner.critic.ValueLoss;
import dev.ngrpo.learner.critic.ValueModel;
import dev.ngrpo.learner.critic.Whitening;
import dev.ngrpo.learner.loss.LossAggregation;
import dev.ngrpo.learner.loss.TokenCounts;
import dev.ngrpo.learner.optim.OptimizerStep;
import java.util.Arrays;

/**
 * PPO's critic within a learner step (docs/algorithm.md section 8):
 *
 * <ol>
 *   <li>the values {@code V_old} of every response token, with the weights before the step;</li>
 *   <li>token rewards (the outcome reward on the last token, minus {@code beta * k1} per token
 *       when KL is in the reward), GAE advantages and returns {@code R = A + V_old} per
 *       response, then the advantages whitened over the step's tokens when asked;</li>
 *   <li>per mini-batch, one AdamW update of the critic on
 *       {@code value-coef * agg(max((V - R)^2, (clip(V, V_old +- c) - R)^2))}, aggregated like
 *       the policy loss and micro-batched the same way.</li>
 * </ol>
 */
final class CriticStep implements AutoCloseable {
  private final ValueModel critic;
  private final CriticConfig config;
  private final OptimizerStep optimizer;
  private final ValueLoss valueLoss;
  private final LossAggregation aggregation;

  /** Sums over a step's critic updates. */
  static final class Totals {
    double tokens;
    double clipped;
    double loss;
    double gradNormSum;
    int updates;
    int attempts;
    double lastLearningRate = Double.NaN;
    long nanos;
  }

  /**
   * @param critic the value model, owned from now on
   * @param totalUpdates the run's optimizer updates, for the critic's schedule
   */
  CriticStep(ValueModel critic, CriticConfig config, LossAggregation aggregation,
      long totalUpdates) {
    this.critic = critic;
    this.config = config;
    this.aggregation = aggregation;
    this.valueLoss = new ValueLoss(config.valueClip());
    this.optimizer = new OptimizerStep(config.optimizer().newOptimizer(),
        config.optimizer().newSchedule(totalUpdates), config.optimizer().gradClip());
    critic.setTrainable();
  }

  ValueModel model() {
    return critic;
  }

  OptimizerStep optimizer() {
    return optimizer;
  }

  /** {@code [rows][len_r]} every response token's value under the current critic. */
  float[][] values(TrainingRows rows, int chunk) {
    float[][] out = new float[rows.rows()][];
    for (int from = 0; from < rows.rows(); from += chunk) {
      int[] part = range(from, Math.min(rows.rows(), from + chunk));
      try (NDScope scope = new NDScope(); NDManager m = critic.trunk().manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        ValueModel.Values v = critic.values(m, TrainingRows.select(rows.prompts, part,
            new int[part.length][]), TrainingRows.select(rows.responses, part,
            new int[part.length][]));
        float[] flat = v.values().stopGradient().toFloatArray();
        int width = Math.toIntExact(v.values().getShape().get(1));
        for (int i = 0; i < part.length; i++) {
          out[part[i]] = Arrays.copyOfRange(flat, i * width,
              i * width + rows.responses[part[i]].length);
        }
      }
    }
    return out;
  }

  /**
   * Fills {@code rows.advantages} from the token rewards and {@code values}, and returns the
   * returns {@code [rows][len_r]}; puts the step's value, return, raw-advantage and
   * explained-variance figures, and KL when it is in the reward.
   *
   * @param old the recomputed old log-probs
   * @param ref the reference policy's, or null when KL is not in the reward
   */
  float[][] targets(TrainingRows rows, float[][] old, float[][] ref, float[][] values,
      StepMetrics.Builder metrics) {
    double beta = ref == null ? 0 : config.klInReward();
    float[][] returns = new float[rows.rows()][];
    double kl = 0;
    long tokens = 0;
    for (int r = 0; r < rows.rows(); r++) {
      float[] rewards = TokenRewards.of(rows.rewards[r], old[r], beta > 0 ? ref[r] : null, beta);
      rows.advantages[r] = Gae.advantages(rewards, values[r], config.gamma(), config.lambda());
      returns[r] = Gae.returns(rows.advantages[r], values[r]);
      for (int j = 0; j < old[r].length && beta > 0; j++) {
        kl += old[r][j] - ref[r][j];
      }
      tokens += old[r].length;
    }
    Whitening.Moments raw = config.whitenAdvantages() ? Whitening.whiten(rows.advantages)
        : Whitening.moments(rows.advantages);
    metrics.put(ADVANTAGE_RAW_MEAN, raw.mean()).put(ADVANTAGE_RAW_STD, raw.std())
        .put(VALUE_MEAN, Whitening.moments(values).mean())
        .put(RETURN_MEAN, Whitening.moments(returns).mean())
        .put(EXPLAINED_VARIANCE, ExplainedVariance.of(returns, values));
    if (beta > 0) {
      metrics.put(KL, tokens == 0 ? 0 : kl / tokens);
    }
    return returns;
  }

  /**
   * One update of the critic on the rows {@code batch}, {@code micro} rows per forward pass.
   *
   * @param old {@code [rows][len_r]} the values before the step (the clip's centre)
   * @param returns {@code [rows][len_r]} the targets
   */
  void update(TrainingRows rows, int[] batch, float[][] old, float[][] returns, int micro,
      Totals totals) {
    long start = System.nanoTime();
    TokenCounts whole = TokenCounts.of(rows.lengths(batch));
    OptimizerStep.Update u = optimizer.update(critic.trainableParameters(), collector -> {
      double loss = 0;
      boolean finite = true;
      for (int from = 0; from < batch.length && finite; from += micro) {
        int[] part = Arrays.copyOfRange(batch, from, Math.min(batch.length, from + micro));
        double weight = aggregation.microBatchWeight(TokenCounts.of(rows.lengths(part)), whole);
        float value = backward(rows, part, old, returns, weight, collector, totals);
        loss += value;
        finite = Float.isFinite(value);
      }
      return loss;
    });
    totals.loss += u.loss();
    totals.attempts++;
    if (u.applied()) {
      totals.updates++;
      totals.gradNormSum += u.gradNorm();
      totals.lastLearningRate = u.learningRate();
    }
    totals.nanos += System.nanoTime() - start;
  }

  private float backward(TrainingRows rows, int[] part, float[][] old, float[][] returns,
      double weight, GradientCollector collector, Totals totals) {
    try (NDScope scope = new NDScope(); NDManager m = critic.trunk().manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      ValueModel.Values v = critic.values(m,
          TrainingRows.select(rows.prompts, part, new int[part.length][]),
          TrainingRows.select(rows.responses, part, new int[part.length][]));
      int width = Math.toIntExact(v.values().getShape().get(1));
      NDArray oldValues = m.create(RowScorer.padded(old, part, width), v.values().getShape());
      NDArray targets = m.create(RowScorer.padded(returns, part, width), v.values().getShape());
      ValueLoss.Result r = valueLoss.compute(v.values(), oldValues, targets);
      NDArray loss = aggregation.aggregate(r.loss(), v.mask())
          .mul(Scalars.of(r.loss(), (float) (weight * config.valueCoef())));
      float value = loss.getFloat();
      totals.tokens += v.mask().sum().getFloat();
      totals.clipped += r.clipped().mul(v.mask()).sum().getFloat();
      if (Float.isFinite(value)) {
        collector.backward(loss);
      }
      return value;
    }
  }

  private static int[] range(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }

  /** Frees the critic and its optimizer state. */
  @Override
  public void close() {
    try {
      optimizer.close();
    } finally {
      critic.close();
    }
  }
}
