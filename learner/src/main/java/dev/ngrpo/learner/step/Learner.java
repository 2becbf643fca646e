package dev.ngrpo.learner.step;

import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_MAX;
import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_MEAN;
import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_MIN;
import static dev.ngrpo.core.data.MetricNames.CLIP_NEGATIVE;
import static dev.ngrpo.core.data.MetricNames.CLIP_POSITIVE;
import static dev.ngrpo.core.data.MetricNames.CRITIC_GRAD_NORM;
import static dev.ngrpo.core.data.MetricNames.CRITIC_LEARNING_RATE;
import static dev.ngrpo.core.data.MetricNames.CRITIC_UPDATES;
import static dev.ngrpo.core.data.MetricNames.ENTROPY;
import static dev.ngrpo.core.data.MetricNames.GRAD_NORM;
import static dev.ngrpo.core.data.MetricNames.GRAD_NORM_MAX;
import static dev.ngrpo.core.data.MetricNames.GROUPS_DROPPED;
import static dev.ngrpo.core.data.MetricNames.GROUPS_DROPPED_ALL_CORRECT;
import static dev.ngrpo.core.data.MetricNames.GROUPS_DROPPED_ALL_WRONG;
import static dev.ngrpo.core.data.MetricNames.GROUPS_DROPPED_OTHER;
import static dev.ngrpo.core.data.MetricNames.GROUPS_TRAINED;
import static dev.ngrpo.core.data.MetricNames.KL;
import static dev.ngrpo.core.data.MetricNames.LEARNING_RATE;
import static dev.ngrpo.core.data.MetricNames.LEARN_TOKENS_PER_SECOND;
import static dev.ngrpo.core.data.MetricNames.LOGPROB_GAP;
import static dev.ngrpo.core.data.MetricNames.LOSS;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_BACKWARD;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_CRITIC;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_FORWARD;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_OPTIMIZER;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_RECOMPUTE;
import static dev.ngrpo.core.data.MetricNames.UPDATES;
import static dev.ngrpo.core.data.MetricNames.UPDATES_SKIPPED;
import static dev.ngrpo.core.data.MetricNames.VALUE_CLIP;
import static dev.ngrpo.core.data.MetricNames.VALUE_LOSS;

import ai.djl.ndarray.types.DataType;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.TrainingPass;
import dev.ngrpo.core.model.WeightLoader;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.learner.batch.MiniBatches;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.learner.config.LearnerSetup;
import dev.ngrpo.learner.critic.ValueModel;
import dev.ngrpo.learner.filter.FilteredGroups;
import dev.ngrpo.learner.loss.TokenCounts;
import dev.ngrpo.learner.optim.AdamWState;
import dev.ngrpo.learner.optim.OptimizerStep;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learner of one run: turns a step's rollout groups into optimizer updates of the policy
 * (docs/algorithm.md section 4).
 *
 * <ol>
 *   <li>filter the groups (dynamic sampling) and keep at most the batch size;</li>
 *   <li>shape rewards (DAPO overlong, when on) and compute each group's advantages;</li>
 *   <li>recompute {@code logp_old} of every response with the current weights (and
 *       {@code logp_ref} with the frozen reference policy when kl-coef &gt; 0);</li>
 *   <li>for each epoch, split the groups (seeded shuffle) into mini-batches; for each:
 *       forward, per-token loss ({@code policy loss + kl - entropy}), aggregation, backward
 *       (micro-batched when configured), global grad-norm clip, AdamW step, zero gradients.
 *       That forward is the only one with LoRA dropout, keyed by the run seed, the step, the
 *       epoch and each row ({@link TrainingPass}); step 3's recomputations take the adapters
 *       whole, as PEFT's {@code eval()} mode would.</li>
 * </ol>
 *
 * <p>A mini-batch whose loss or gradient norm is not finite is skipped: no optimizer step,
 * gradients cleared, weights and optimizer state untouched, and the step reports it. After
 * {@code max-consecutive-nonfinite} steps in a row with a skipped update, training stops with
 * {@link NonFiniteStepsException}.
 *
 * <p>Runs on the driver thread; one instance owns the optimizer state and, when KL is on, the
 * reference model.
 */
public final class Learner implements AutoCloseable {
  private final PolicyModel policy;
  private final LearnerConfig config;
  private final LearnerParts parts;
  private final float temperature;
  private final long runSeed;
  private final PolicyModel reference;
  private final PolicyObjective objective;
  private final OptimizerStep optimizer;
  private final CriticStep critic;
  /** PPO: the advantage of each response's first token in the last step, by group. */
  private final Map<RolloutGroup, float[]> lastAdvantages = new IdentityHashMap<>();
  private int consecutiveNonFinite;

  /**
   * @param policy the trainable policy (its parameters, or its LoRA adapters, are made
   *     trainable here)
   * @param referenceWeights weights of the frozen reference policy when kl-coef &gt; 0 (the
   *     initial policy of the run), its matrices then in {@link LearnerSetup#referenceType()};
   *     ignored otherwise, and no reference model is created. A policy with LoRA adapters
   *     needs none: its reference is its frozen base, the same float32 parameters with the
   *     adapters off ({@link PolicyModel#withoutAdapters()})
   */
  public Learner(PolicyModel policy, LearnerSetup setup,
      Map<String, HostTensor> referenceWeights) {
    this(policy, setup, LearnerParts.from(setup), referenceWeights, null);
  }

  /**
   * A learner whose PPO critic ({@code advantage-estimator = gae}) is {@code critic}, which it
   * owns from now on; null for one that starts from {@code policy}
   * ({@link ValueModel#startingFrom}: a copy, or with LoRA adapters of its own over the same
   * frozen model). Without the gae estimator a critic given is closed.
   */
  public Learner(PolicyModel policy, LearnerSetup setup,
      Map<String, HostTensor> referenceWeights, ValueModel critic) {
    this(policy, setup, LearnerParts.from(setup), referenceWeights, critic);
  }

  /** A learner with {@code parts} in place of those {@code setup} names (fault injection). */
  Learner(PolicyModel policy, LearnerSetup setup, LearnerParts parts,
      Map<String, HostTensor> referenceWeights) {
    this(policy, setup, parts, referenceWeights, null);
  }

  private Learner(PolicyModel policy, LearnerSetup setup, LearnerParts parts,
      Map<String, HostTensor> referenceWeights, ValueModel criticModel) {
    this.policy = policy;
    this.config = setup.learner();
    this.parts = parts;
    this.temperature = setup.temperature();
    this.runSeed = setup.runSeed();
    boolean keepsReference = config.usesReferenceModel();
    if (keepsReference && !policy.adapters().isEmpty()) {
      this.reference = policy.withoutAdapters();
    } else if (keepsReference) {
      if (referenceWeights == null) {
        throw new IllegalArgumentException("kl-coef > 0 (or PPO's kl-in-reward > 0) needs the"
            + " reference policy's weights");
      }
      this.reference = WeightLoader.fromHostTensors(policy.config(), referenceWeights,
          policy.device(), "reference policy").frozenIn(setup.referenceType().on(policy.device()));
    } else {
      this.reference = null;
    }
    this.objective = new PolicyObjective(policy, parts, temperature);
    this.optimizer = new OptimizerStep(config.optimizer().newOptimizer(), parts.schedule(),
        parts.gradClip());
    if (config.usesCritic()) {
      ValueModel model = criticModel != null ? criticModel
          : ValueModel.startingFrom(policy, config.critic().headInitStd(), runSeed);
      this.critic = new CriticStep(model, config.critic(), parts.aggregation(),
          setup.totalUpdates());
    } else {
      if (criticModel != null) {
        criticModel.close();
      }
      this.critic = null;
    }
    policy.setTrainable(true);
  }

  /** The reference policy's matrix type (float16 or float32); null without one. */
  DataType referenceMatrixType() {
    return reference == null ? null : reference.matrixType();
  }

  /** True when a frozen reference policy is kept (kl-coef &gt; 0). */
  public boolean hasReferenceModel() {
    return reference != null;
  }

  /** The group filter's verdict, for callers that refill dropped groups before the step. */
  public FilteredGroups filter(List<RolloutGroup> groups) {
    return parts.filter().apply(groups);
  }

  /**
   * The groups a step on {@code generated} trains on: those the filter keeps, the first
   * {@code batchSize} of them in order. The others sit out the step.
   */
  public List<RolloutGroup> trainedOf(List<RolloutGroup> generated, int batchSize) {
    return firstOf(filter(generated), batchSize);
  }

  private static List<RolloutGroup> firstOf(FilteredGroups filtered, int batchSize) {
    return filtered.kept().size() > batchSize
        ? filtered.kept().subList(0, batchSize) : filtered.kept();
  }

  /**
   * {@code [G]} the advantages a step gives the responses of {@code group}: its shaped rewards
   * ({@link #rewards}) through the run's estimator, as {@link TrainingRows} computes them.
   * Estimators are pure functions, so asking again changes nothing.
   */
  public float[] advantages(RolloutGroup group) {
    if (critic != null) {
      return lastAdvantages.get(group);
    }
    return parts.estimator().advantages(group.promptId(), rewards(group));
  }

  /**
   * {@code [G]} the rewards the estimator learns from: the verifier's scores times r_max, with
   * DAPO's overlong shaping when on.
   */
  public float[] rewards(RolloutGroup group) {
    return parts.rewards().of(group);
  }

  /**
   * One training step on the groups generated for it.
   *
   * @param step the step number (seeds the mini-batch shuffle)
   * @param generated every group generated for this step, in prompt order
   * @param batchSize the most groups to train on; extra kept groups are left out in order
   */
  public StepResult step(long step, List<RolloutGroup> generated, int batchSize) {
    long start = System.nanoTime();
    FilteredGroups filtered = filter(generated);
    List<RolloutGroup> kept = firstOf(filtered, batchSize);
    StepMetrics.Builder metrics = StepMetrics.builder(step);
    RolloutFigures.put(metrics, generated, parts.rewards().maxReward());
    metrics.put(GROUPS_DROPPED, filtered.dropped())
        .put(GROUPS_DROPPED_ALL_CORRECT, filtered.droppedAllCorrect())
        .put(GROUPS_DROPPED_ALL_WRONG, filtered.droppedAllWrong())
        .put(GROUPS_DROPPED_OTHER, filtered.droppedOtherHomogeneous())
        .put(GROUPS_TRAINED, kept.size());
    StepTotals totals = new StepTotals();
    if (!kept.isEmpty()) {
      train(step, kept, metrics, totals);
    }
    metrics.put(UPDATES, totals.updates)
        .put(UPDATES_SKIPPED, totals.skippedUpdates)
        .put(LOSS, totals.updates + totals.skippedUpdates == 0 ? 0
            : totals.loss / (totals.updates + totals.skippedUpdates))
        .put(GRAD_NORM, totals.updates == 0 ? 0 : totals.gradNormSum / totals.updates)
        .put(GRAD_NORM_MAX, totals.gradNormMax)
        .put(LEARNING_RATE, totals.lastLearningRate)
        .put(CLIP_POSITIVE, totals.perToken(totals.clippedPositive))
        .put(CLIP_NEGATIVE, totals.perToken(totals.clippedNegative))
        .put(ENTROPY, totals.perToken(totals.entropy));
    if (parts.klPenalty() != null) {
      metrics.put(KL, totals.perToken(totals.kl));
    }
    if (critic != null) {
      CriticStep.Totals c = totals.critic;
      metrics.put(VALUE_LOSS, c.attempts == 0 ? 0 : c.loss / c.attempts)
          .put(VALUE_CLIP, c.tokens == 0 ? 0 : c.clipped / c.tokens)
          .put(CRITIC_GRAD_NORM, c.updates == 0 ? 0 : c.gradNormSum / c.updates)
          .put(CRITIC_LEARNING_RATE, c.lastLearningRate)
          .put(CRITIC_UPDATES, c.updates)
          .put(TIME_LEARN_CRITIC, c.nanos / 1e9);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    metrics.put(TIME_LEARN, seconds)
        .put(TIME_LEARN_RECOMPUTE, totals.recomputeNanos / 1e9)
        .put(TIME_LEARN_FORWARD, totals.forwardNanos / 1e9)
        .put(TIME_LEARN_BACKWARD, totals.backwardNanos / 1e9)
        .put(TIME_LEARN_OPTIMIZER, totals.optimizerNanos / 1e9)
        .put(LEARN_TOKENS_PER_SECOND, totals.tokens / seconds);
    checkDivergence(step, totals);
    return new StepResult(metrics.build(), kept.size(), totals.updates, totals.skippedUpdates);
  }

  private void train(long step, List<RolloutGroup> kept, StepMetrics.Builder metrics,
      StepTotals totals) {
    TrainingRows rows = TrainingRows.of(kept, parts.rewards(), parts.estimator());
    int recomputeChunk = config.microBatchSize() > 0 ? config.microBatchSize()
        : Math.max(1, (rows.rows() + config.miniBatches() - 1) / config.miniBatches());
    long recomputeStart = System.nanoTime();
    float[][] old = RowScorer.logProbs(policy, rows, temperature, recomputeChunk);
    metrics.put(LOGPROB_GAP, meanAbsoluteGap(rows.samplerLogProbs, old));
    float[][] ref = reference == null ? null
        : RowScorer.logProbs(reference, rows, temperature, recomputeChunk);
    totals.recomputeNanos += System.nanoTime() - recomputeStart;
    float[][] values = null;
    float[][] returns = null;
    if (critic != null) {
      long criticStart = System.nanoTime();
      values = critic.values(rows, recomputeChunk);
      returns = critic.targets(rows, old, ref, values, metrics);
      rememberAdvantages(kept, rows);
      totals.critic.nanos += System.nanoTime() - criticStart;
    }
    putAdvantageFigures(metrics, rows);
    // PPO's critic warm-up: the critic learns alone for its first steps
    boolean policyMoves = critic == null || step >= config.critic().warmupSteps();
    int micro = config.microBatchSize() > 0 ? config.microBatchSize() : Integer.MAX_VALUE;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      int[][] miniBatches = MiniBatches.split(kept.size(), config.miniBatches(), config.shuffle(),
          MiniBatches.seed(runSeed, step, epoch));
      long dropoutSeed = TrainingPass.seed(runSeed, step, epoch);
      for (int[] groups : miniBatches) {
        int[] batch = rows.rowsOf(groups);
        if (policyMoves) {
          update(rows, batch, old, parts.klPenalty() == null ? null : ref, dropoutSeed, totals);
        }
        if (critic != null) {
          critic.update(rows, batch, values, returns, micro, totals.critic);
        }
      }
    }
  }

  /** PPO: each kept group's first-token advantages, for {@link #advantages(RolloutGroup)}. */
  private void rememberAdvantages(List<RolloutGroup> kept, TrainingRows rows) {
    lastAdvantages.clear();
    int row = 0;
    for (RolloutGroup g : kept) {
      float[] first = new float[g.groupSize()];
      for (int i = 0; i < first.length; i++, row++) {
        first[i] = rows.advantages[row].length == 0 ? Float.NaN : rows.advantages[row][0];
      }
      lastAdvantages.put(g, first);
    }
  }

  /**
   * One optimizer update on the rows of a mini-batch, micro-batch by micro-batch; {@code
   * dropoutSeed} keys the LoRA dropout masks of the epoch ({@link TrainingPass}).
   */
  private void update(TrainingRows rows, int[] batch, float[][] old, float[][] ref,
      long dropoutSeed, StepTotals totals) {
    TokenCounts whole = TokenCounts.of(rows.lengths(batch));
    int micro = config.microBatchSize() > 0 ? config.microBatchSize() : batch.length;
    OptimizerStep.Update u = optimizer.update(policy.trainableParameters(), collector -> {
      double loss = 0;
      boolean finite = true;
      for (int from = 0; from < batch.length && finite; from += micro) {
        int[] part = Arrays.copyOfRange(batch, from, Math.min(batch.length, from + micro));
        double weight =
            parts.aggregation().microBatchWeight(TokenCounts.of(rows.lengths(part)), whole);
        float value = objective.backward(rows, part, old, ref, dropoutSeed, weight, collector,
            totals);
        loss += value;
        finite = Float.isFinite(value);
      }
      return loss;
    });
    totals.optimizerNanos += u.optimizerNanos();
    totals.loss += u.loss();
    if (u.applied()) {
      totals.lastLearningRate = u.learningRate();
      totals.updates++;
      totals.gradNormSum += u.gradNorm();
      totals.gradNormMax = Math.max(totals.gradNormMax, u.gradNorm());
    } else {
      totals.skippedUpdates++;
    }
  }

  private void checkDivergence(long step, StepTotals totals) {
    if (totals.skippedUpdates == 0) {
      consecutiveNonFinite = 0;
      return;
    }
    consecutiveNonFinite++;
    if (consecutiveNonFinite >= config.maxConsecutiveNonFinite()) {
      throw new NonFiniteStepsException("training diverged: " + consecutiveNonFinite
          + " steps in a row (the last: step " + step + ") had a non-finite loss or gradient"
          + " norm, so their updates were skipped; ngrpo.learner.max-consecutive-nonfinite = "
          + config.maxConsecutiveNonFinite() + ". Lower ngrpo.learner.optimizer.lr or check"
          + " the rewards and data.");
    }
  }

  /**
   * Mean, least and largest advantage: over the trained responses for a group estimator (every
   * token of a response has its advantage), over the trained tokens for PPO (after whitening).
   */
  private static void putAdvantageFigures(StepMetrics.Builder metrics, TrainingRows rows) {
    float[][] values = rows.responseAdvantages != null
        ? new float[][] {rows.responseAdvantages} : rows.advantages;
    double sum = 0;
    long n = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float[] row : values) {
      for (float a : row) {
        sum += a;
        n++;
        min = Math.min(min, a);
        max = Math.max(max, a);
      }
    }
    metrics.put(ADVANTAGE_MEAN, n == 0 ? 0 : sum / n).put(ADVANTAGE_MIN, min)
        .put(ADVANTAGE_MAX, max);
  }

  private static double meanAbsoluteGap(float[][] sampler, float[][] recomputed) {
    double sum = 0;
    long n = 0;
    for (int r = 0; r < sampler.length; r++) {
      for (int j = 0; j < sampler[r].length; j++) {
        sum += Math.abs(sampler[r][j] - recomputed[r][j]);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Steps in a row, up to now, that skipped an update. */
  public int consecutiveNonFinite() {
    return consecutiveNonFinite;
  }

  /** The optimizer's state for a checkpoint. */
  public AdamWState optimizerState() {
    return optimizer.adam().exportState();
  }

  /** Updates the optimizer has taken (0 before the first). */
  public long optimizerSteps() {
    return optimizer.adam().stepCount();
  }

  /**
   * Host copy of one optimizer moment of the tensor at {@code index} of
   * {@code policy.trainableNames()}: m, or v when {@code second}.
   */
  public float[] optimizerMoment(int index, boolean second) {
    return optimizer.adam().moment(index, second);
  }

  /** Restores what {@link #optimizerState()} and {@link #consecutiveNonFinite()} saved. */
  public void restore(AdamWState state, int consecutiveNonFiniteSteps) {
    optimizer.adam().importState(state, policy.trainableParameters());
    this.consecutiveNonFinite = consecutiveNonFiniteSteps;
  }

  /** PPO's critic, or null without one. */
  public ValueModel critic() {
    return critic == null ? null : critic.model();
  }

  /** The critic's optimizer state for a checkpoint ({@link #critic()} must not be null). */
  public AdamWState criticOptimizerState() {
    return critic.optimizer().adam().exportState();
  }

  /** Updates the critic's optimizer has taken. */
  public long criticOptimizerSteps() {
    return critic.optimizer().adam().stepCount();
  }

  /** Host copy of a critic optimizer moment, as {@link #optimizerMoment} for the policy. */
  public float[] criticMoment(int index, boolean second) {
    return critic.optimizer().adam().moment(index, second);
  }

  /** Restores what {@link #criticOptimizerState()} saved. */
  public void restoreCritic(AdamWState state) {
    critic.optimizer().adam().importState(state, critic.model().trainableParameters());
  }

  /** Frees the optimizer state, the critic and the reference model; the policy stays the caller's. */
  @Override
  public void close() {
    try {
      optimizer.close();
      if (critic != null) {
        critic.close();
      }
    } finally {
      if (reference != null) {
        reference.close();
      }
    }
  }
}
