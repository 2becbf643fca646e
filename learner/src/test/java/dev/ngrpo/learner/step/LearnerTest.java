package dev.ngrpo.learner.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.typesafe.config.ConfigFactory;
import dev.ngrpo.core.data.Grading;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.core.generate.Generation;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.model.FrozenDtype;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.ScoredTokens;
import dev.ngrpo.core.model.TinyModels;
import dev.ngrpo.core.model.TokenScorer;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.learner.config.LearnerSetup;
import dev.ngrpo.learner.loss.PolicyLoss;
import dev.ngrpo.learner.loss.TokenLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class LearnerTest {
  private static final int G = 4;
  private static final int[][] PROMPTS = {{3, 4, 5}, {6, 7}, {8}, {9, 10, 11, 12}};
  private static final float TEMPERATURE = 1f;
  private static final int MAX_NEW = 6;

  static LearnerConfig config(String overrides) {
    return LearnerConfig.from(ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.defaultReference()).resolve());
  }

  /** G sampled responses per prompt with rewards from {@code rewards(promptIndex)}. */
  static List<RolloutGroup> groups(PolicyModel model, IntFunction<float[]> rewards) {
    SamplingSettings s = new SamplingSettings(TEMPERATURE, 1f, 0, MAX_NEW, new int[] {1});
    List<RolloutGroup> out = new ArrayList<>();
    for (int p = 0; p < PROMPTS.length; p++) {
      int[][] prompts = new int[G][];
      long[] seeds = new long[G];
      for (int i = 0; i < G; i++) {
        prompts[i] = PROMPTS[p];
        seeds[i] = 100L * p + i;
      }
      List<Generation> gens = Generator.generate(model, prompts, seeds, s);
      out.add(new RolloutGroup("p" + p, p, "test", PROMPTS[p], 0,
          gens.stream().map(Generation::tokens).toArray(int[][]::new),
          gens.stream().map(Generation::logProbs).toArray(float[][]::new), rewards.apply(p),
          new boolean[G], 0, 0, Grading.ALL_GRADED));
    }
    return out;
  }

  static float[] allWrong(int p) {
    return new float[G];
  }

  /** Mean log-prob per response token of every response of {@code groups}. */
  static double meanLogProb(PolicyModel model, List<RolloutGroup> groups) {
    List<int[]> prompts = new ArrayList<>();
    List<int[]> responses = new ArrayList<>();
    for (RolloutGroup g : groups) {
      for (int[] r : g.responseTokens()) {
        prompts.add(g.promptTokens());
        responses.add(r);
      }
    }
    try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      ScoredTokens s = TokenScorer.score(model, m, prompts.toArray(int[][]::new),
          responses.toArray(int[][]::new), TEMPERATURE, false);
      return s.logProbs().stopGradient().sum().getFloat() / s.mask().sum().getFloat();
    }
  }

  static LearnerSetup setup(LearnerConfig config) {
    return new LearnerSetup(config, TEMPERATURE, MAX_NEW, 10, 7, FrozenDtype.AUTO);
  }

  static Learner learner(PolicyModel model, LearnerConfig config) {
    return new Learner(model, setup(config), model.toHostTensors());
  }

  @Test
  void ngrpoOnAllWrongGroupsLowersTheirLogProbs() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 1)) {
      List<RolloutGroup> groups = groups(model, LearnerTest::allWrong);
      double before = meanLogProb(model, groups);
      LearnerConfig c = config("ngrpo.learner { preset = ngrpo, mini-batches = 1,"
          + " optimizer.lr = 0.01 }");
      try (Learner learner = learner(model, c)) {
        StepMetrics m = learner.step(0, groups, groups.size()).metrics();
        // every response of an all-wrong group of 4 gets (0 - 1/5) / (sqrt(0.2) + 1e-6):
        // r' = 0,0,0,0,1: mean 0.2, unbiased var = 0.8/4 = 0.2, so A = -0.2/0.447214 = -0.447213
        assertThat(m.get(MetricNames.ADVANTAGE_MEAN)).isCloseTo(-0.447213, within(1e-5));
        assertThat(m.get(MetricNames.ADVANTAGE_MAX)).isCloseTo(-0.447213, within(1e-5));
        assertThat(m.get(MetricNames.GROUPS_ALL_WRONG)).isEqualTo(4);
        assertThat(m.get(MetricNames.UPDATES)).isEqualTo(1);
        // one update from the sampling weights: every ratio is exactly 1, nothing is clipped
        assertThat(m.get(MetricNames.CLIP_POSITIVE)).isZero();
        assertThat(m.get(MetricNames.CLIP_NEGATIVE)).isZero();
        assertThat(m.get(MetricNames.LOGPROB_GAP)).isLessThan(1e-4);
        assertThat(m.has(MetricNames.KL)).isFalse();
        assertThat(learner.hasReferenceModel()).isFalse();
      }
      assertThat(meanLogProb(model, groups)).isLessThan(before - 0.01);
    }
  }

  @Test
  void grpoOnAllWrongGroupsLeavesTheWeightsExactlyAsTheyWere() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 2)) {
      List<RolloutGroup> groups = groups(model, LearnerTest::allWrong);
      Map<String, HostTensor> before = model.toHostTensors();
      // Entropy and KL off, and no weight decay: AdamW's decoupled decay shrinks weights
      // whatever the gradient, which is not the dead zone this test is about.
      LearnerConfig c = config("ngrpo.learner { preset = grpo, mini-batches = 2,"
          + " optimizer { lr = 0.01, weight-decay = 0 },"
          + " algorithm { entropy-coef = 0, kl-coef = 0 } }");
      try (Learner learner = learner(model, c)) {
        StepMetrics m = learner.step(0, groups, groups.size()).metrics();
        assertThat(m.get(MetricNames.ADVANTAGE_MIN)).isZero();
        assertThat(m.get(MetricNames.ADVANTAGE_MAX)).isZero();
        assertThat(m.get(MetricNames.UPDATES)).isEqualTo(2);
      }
      assertThat(model.toHostTensors()).isEqualTo(before);
    }
  }

  @Test
  void aGroupWithAnUngradedResponseLeavesTheWeightsAsIfItHadNeverBeenGenerated() {
    // Two identical models: one learns from groups 0, 1 and 3 alone; the other from all four,
    // group 2 carrying one response the verifier could not grade (its placeholder score 0 would
    // have made it an all-wrong group that NGRPO pushes away from).
    IntFunction<float[]> rewards = p -> new float[][] {
        {1, 0, 0, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 1, 0, 0}}[p];
    LearnerConfig c = config("ngrpo.learner { preset = ngrpo, mini-batches = 2,"
        + " optimizer.lr = 0.01 }");
    try (PolicyModel withUngraded = TinyModels.create(TinyModels.gqaWithBias(), 6);
        PolicyModel without = TinyModels.create(TinyModels.gqaWithBias(), 6)) {
      List<RolloutGroup> all = new ArrayList<>(groups(withUngraded, rewards));
      all.set(2, regraded(all.get(2),
          new Grading(0, 1, 2, Grading.note("42", "time-out after 1 ms"))));
      // 3 of group 1's wrong answers had no answer in the verifier's format
      all.set(1, regraded(all.get(1), new Grading(0, 0, 3, "")));
      List<RolloutGroup> graded = List.of(all.get(0), all.get(1), all.get(3));
      try (Learner a = learner(withUngraded, c); Learner b = learner(without, c)) {
        // what a step trains on: the kept groups (the ungraded one left out), the first 2
        assertThat(a.trainedOf(all, 2)).containsExactly(all.get(0), all.get(1));
        assertThat(a.trainedOf(all, 4)).containsExactly(all.get(0), all.get(1), all.get(3));
        // group 0: r' = 1,0,0,1 and r_max 1: mean 0.6, unbiased var 1.2/4 = 0.3, std 0.547723;
        // A = 0.4/0.547723 = 0.730297 for a reward 1, -0.6/0.547723 = -1.095445 for a 0
        assertThat(a.rewards(all.get(0))).containsExactly(1f, 0f, 0f, 1f);
        assertThat(a.advantages(all.get(0))).containsExactly(new float[] {0.730297f,
            -1.095445f, -1.095445f, 0.730297f}, within(1e-5f));
        StepMetrics m = a.step(0, all, all.size()).metrics();
        b.step(0, graded, graded.size());
        assertThat(withUngraded.toHostTensors()).isEqualTo(without.toHostTensors());
        assertThat(m.get(MetricNames.GROUPS_UNGRADED)).isEqualTo(1);
        assertThat(m.get(MetricNames.VERIFIER_UNGRADED)).isEqualTo(1);
        assertThat(m.get(MetricNames.GROUPS_TRAINED)).isEqualTo(3);
        // the ungraded group's placeholder zeros count in no figure: 2 + 0 + 1 correct of 12
        assertThat(m.get(MetricNames.ACCURACY)).isEqualTo(3 / 12.0);
        assertThat(m.get(MetricNames.GROUPS_ALL_WRONG)).isEqualTo(1);
        // group 1's 3 format failures of the 12 graded responses; the ungraded group's 2 not
        assertThat(m.get(MetricNames.FORMAT_FAILURES)).isEqualTo(3 / 12.0);
      }
    }
  }

  private static RolloutGroup regraded(RolloutGroup g, Grading grading) {
    return new RolloutGroup(g.promptId(), g.promptIndex(), g.taskName(), g.promptTokens(),
        g.weightsVersion(), g.responseTokens(), g.samplerLogProbs(), g.rewards(), g.truncated(),
        0, 0, grading);
  }

  @Test
  void stepsGiveTheirGoldenNumbers() {
    // Recorded before the optimizer step and the micro-batch objective were extracted from
    // Learner (2e5955d): two ngrpo steps over 3 mixed/all-wrong groups (the all-correct one is
    // dropped), 2 mini-batches of micro-batches of 3; the refactoring changed no operation.
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 5)) {
      List<RolloutGroup> groups = groups(model, p -> new float[][] {
          {1, 0, 0, 1}, {0, 0, 0, 0}, {1, 1, 1, 1}, {0, 1, 0, 0}}[p]);
      LearnerConfig c = config("ngrpo.learner { preset = ngrpo, mini-batches = 2,"
          + " micro-batch-size = 3, optimizer.lr = 0.01 }");
      try (Learner learner = learner(model, c)) {
        StepMetrics first = learner.step(0, groups, groups.size()).metrics();
        assertThat(first.get(MetricNames.LOSS)).isEqualTo(0.3359784372150898);
        assertThat(first.get(MetricNames.GRAD_NORM)).isEqualTo(1.2577285919428902);
        StepMetrics second = learner.step(1, groups, groups.size()).metrics();
        assertThat(second.get(MetricNames.LOSS)).isEqualTo(0.3015350140631199);
        assertThat(second.get(MetricNames.GRAD_NORM_MAX)).isEqualTo(1.7585855970795121);
      }
      assertThat(SupervisedStepTest.weightSum(model)).isEqualTo(159.17274275500677);
    }
  }

  /** A policy loss whose every token loss is NaN: a diverged step. */
  static final class NaNLoss implements PolicyLoss {
    @Override
    public TokenLoss compute(NDArray logProbs, NDArray oldLogProbs, NDArray advantages) {
      NDArray zeros = logProbs.zerosLike();
      return new TokenLoss(logProbs.mul(Float.NaN), zeros, zeros.duplicate());
    }
  }

  @Test
  void nonFiniteLossSkipsTheUpdateAndLeavesEveryParameterBitIdentical() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 3)) {
      List<RolloutGroup> groups = groups(model, p -> new float[] {1, 0, 0, 1});
      Map<String, HostTensor> before = model.toHostTensors();
      LearnerConfig c = config("ngrpo.learner { mini-batches = 2, max-consecutive-nonfinite = 2,"
          + " optimizer.lr = 0.01 }");
      LearnerParts parts = LearnerParts.from(setup(c)).withPolicyLoss(new NaNLoss());
      try (Learner learner = new Learner(model, setup(c), parts, null)) {
        StepResult r = learner.step(0, groups, groups.size());
        assertThat(r.updatesApplied()).isZero();
        assertThat(r.updatesSkipped()).isEqualTo(2);
        assertThat(r.metrics().get(MetricNames.UPDATES_SKIPPED)).isEqualTo(2);
        assertThat(Double.isNaN(r.metrics().get(MetricNames.LOSS))).isTrue();
        assertThat(model.toHostTensors()).isEqualTo(before);
        assertThat(learner.optimizerState().step()).isZero();
        assertThat(learner.consecutiveNonFinite()).isEqualTo(1);
        assertThatThrownBy(() -> learner.step(1, groups, groups.size()))
            .isInstanceOf(NonFiniteStepsException.class)
            .hasMessageContaining("2 steps in a row")
            .hasMessageContaining("step 1")
            .hasMessageContaining("ngrpo.learner.max-consecutive-nonfinite = 2");
        assertThat(model.toHostTensors()).isEqualTo(before);
      }
    }
  }

  @Test
  void microBatchesAddUpToTheMiniBatch() {
    for (String aggregation : List.of("token-mean", "seq-mean-token-mean", "seq-mean-token-sum",
        "seq-mean-token-sum-norm")) {
      Map<String, HostTensor> whole = trainOnce("micro-batch-size = 0", aggregation);
      Map<String, HostTensor> micro = trainOnce("micro-batch-size = 3", aggregation);
      for (String name : whole.keySet()) {
        float[] a = whole.get(name).values();
        float[] b = micro.get(name).values();
        for (int i = 0; i < a.length; i++) {
          // only float summation order differs
          assertThat(b[i]).as("%s %s[%d]", aggregation, name, i).isCloseTo(a[i], within(2e-6f));
        }
      }
    }
  }

  private static Map<String, HostTensor> trainOnce(String micro, String aggregation) {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 4)) {
      List<RolloutGroup> groups = groups(model, p -> new float[] {1, 0, p % 2, 0});
      // eps = 1 makes the AdamW update about lr * g, linear in the gradient: with the usual
      // eps, a gradient of ~1e-12 on one side and 0 on the other would move a weight by
      // +/- lr, hiding what this test compares (the gradients).
      LearnerConfig c = config("ngrpo.learner { mini-batches = 1, " + micro
          + ", optimizer { lr = 0.1, eps = 1, weight-decay = 0 },"
          + " algorithm.loss-aggregation = " + aggregation + " }");
      try (Learner learner = learner(model, c)) {
        learner.step(0, groups, groups.size());
      }
      return model.toHostTensors();
    }
  }

  @Test
  void klKeepsAReferenceModelOnlyWhenItsCoefficientIsPositive() {
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 5)) {
      List<RolloutGroup> groups = groups(model, p -> new float[] {1, 0, 0, 0});
      try (Learner learner = learner(model, config("ngrpo.learner { preset = grpo,"
          + " mini-batches = 1 }"))) {
        assertThat(learner.hasReferenceModel()).isTrue();
        // the reference is the sampling policy: every k3 estimate of the first update is 0
        assertThat(learner.step(0, groups, 4).metrics().get(MetricNames.KL))
            .isCloseTo(0, within(1e-7));
      }
      try (Learner learner = learner(model, config("ngrpo.learner.preset = dapo"))) {
        assertThat(learner.hasReferenceModel()).isFalse();
      }
    }
  }

  @Test
  void theReferenceTakesTheFrozenTypeAndTheTrainedPolicyStaysFloat32() {
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 5)) {
      List<RolloutGroup> groups = groups(model, p -> new float[] {1, 0, 0, 0});
      LearnerConfig grpo = config("ngrpo.learner { preset = grpo, mini-batches = 1 }");
      LearnerSetup half = new LearnerSetup(grpo, TEMPERATURE, MAX_NEW, 10, 7, FrozenDtype.F16);
      try (Learner learner = new Learner(model, half, model.toHostTensors())) {
        assertThat(learner.referenceMatrixType()).isEqualTo(DataType.FLOAT16);
        assertThat(learner.step(0, groups, 4).updatesSkipped()).isZero();
        assertThat(model.matrixType()).isEqualTo(DataType.FLOAT32);
      }
      try (Learner learner = learner(model, grpo)) {
        // auto on the CPU
        assertThat(learner.referenceMatrixType()).isEqualTo(DataType.FLOAT32);
      }
    }
  }

  @Test
  void filterDropsAndTheBatchSizeCaps() {
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 6)) {
      // prompt 0 all correct, prompt 1 all wrong, prompts 2 and 3 mixed
      float[][] rewards = {{1, 1, 1, 1}, {0, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 1, 0}};
      List<RolloutGroup> groups = groups(model, p -> rewards[p]);
      try (Learner ngrpo = learner(model, config("ngrpo.learner.preset = ngrpo"))) {
        StepMetrics m = ngrpo.step(0, groups, 2).metrics();
        assertThat(m.get(MetricNames.GROUPS_DROPPED_ALL_CORRECT)).isEqualTo(1);
        assertThat(m.get(MetricNames.GROUPS_DROPPED)).isEqualTo(1);
        assertThat(m.get(MetricNames.GROUPS_TRAINED)).isEqualTo(2); // 3 kept, capped at 2
        assertThat(m.get(MetricNames.ACCURACY)).isEqualTo(7 / 16.0);
        assertThat(m.get(MetricNames.GROUPS_MIXED)).isEqualTo(2);
      }
      try (Learner dapo = learner(model, config("ngrpo.learner.preset = dapo"))) {
        StepMetrics m = dapo.step(0, groups, 4).metrics();
        assertThat(m.get(MetricNames.GROUPS_DROPPED_ALL_CORRECT)).isEqualTo(1);
        assertThat(m.get(MetricNames.GROUPS_DROPPED_ALL_WRONG)).isEqualTo(1);
        assertThat(m.get(MetricNames.GROUPS_TRAINED)).isEqualTo(2);
      }
    }
  }
}
