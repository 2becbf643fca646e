package dev.ngrpo.learner.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.TinyModels;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.learner.critic.ValueModel;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** PPO's learner step: the critic's values, GAE targets, warm-up and KL in the reward. */
class PpoLearnerTest {
  private static final IntFunction<float[]> REWARDS = p -> new float[][] {
      {1, 0, 0, 1}, {0, 0, 0, 0}, {1, 1, 1, 1}, {0, 1, 0, 0}}[p];

  private static LearnerConfig ppo(String overrides) {
    return LearnerTest.config("ngrpo.learner { preset = ppo, mini-batches = 2,"
        + " optimizer.lr = 0.01 }\nngrpo.critic { optimizer.lr = 0.01 }\n" + overrides);
  }

  /** Token-weighted mean of the responses' rewards: every token's return when V = 0. */
  private static double tokenMeanReward(List<RolloutGroup> groups) {
    double sum = 0;
    long tokens = 0;
    for (int p = 0; p < groups.size(); p++) {
      RolloutGroup g = groups.get(p);
      for (int i = 0; i < g.groupSize(); i++) {
        sum += REWARDS.apply(p)[i] * g.responseLength(i);
        tokens += g.responseLength(i);
      }
    }
    return sum / tokens;
  }

  @Test
  void aZeroHeadValuesEveryTokenAtZeroSoEachTokensAdvantageIsItsResponsesReward() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 11)) {
      List<RolloutGroup> groups = LearnerTest.groups(model, REWARDS);
      double mean = tokenMeanReward(groups);
      try (Learner learner = LearnerTest.learner(model,
          ppo("ngrpo.critic.whiten-advantages = false"))) {
        StepMetrics m = learner.step(0, groups, groups.size()).metrics();
        // V = 0, gamma = lambda = 1, no KL: A_t = R_t = the response's reward at every token
        assertThat(m.get(MetricNames.VALUE_MEAN)).isZero();
        assertThat(m.get(MetricNames.RETURN_MEAN)).isCloseTo(mean, within(1e-6));
        assertThat(m.get(MetricNames.ADVANTAGE_RAW_MEAN)).isCloseTo(mean, within(1e-6));
        assertThat(m.get(MetricNames.ADVANTAGE_MIN)).isZero();
        assertThat(m.get(MetricNames.ADVANTAGE_MAX)).isEqualTo(1);
        // 1 - Var(R - 0) / Var(R)
        assertThat(m.get(MetricNames.EXPLAINED_VARIANCE)).isZero();
        assertThat(learner.advantages(groups.get(0))).containsExactly(1f, 0f, 0f, 1f);
        assertThat(learner.advantages(groups.get(3))).containsExactly(0f, 1f, 0f, 0f);
        assertThat(m.get(MetricNames.UPDATES)).isEqualTo(2);
        assertThat(m.get(MetricNames.CRITIC_UPDATES)).isEqualTo(2);
        assertThat(m.get(MetricNames.CRITIC_LEARNING_RATE)).isEqualTo(0.01);
        assertThat(m.has(MetricNames.KL)).isFalse();
        assertThat(learner.hasReferenceModel()).isFalse();
        // the critic learned: its values moved towards the returns
        StepMetrics next = learner.step(1, groups, groups.size()).metrics();
        assertThat(next.get(MetricNames.VALUE_MEAN)).isPositive();
        assertThat(next.get(MetricNames.EXPLAINED_VARIANCE)).isPositive();
      }
    }
  }

  @Test
  void whitenedAdvantagesHaveMeanZeroOverTheStepsTokens() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 12)) {
      List<RolloutGroup> groups = LearnerTest.groups(model, REWARDS);
      try (Learner learner = LearnerTest.learner(model, ppo(""))) {
        StepMetrics m = learner.step(0, groups, groups.size()).metrics();
        assertThat(m.get(MetricNames.ADVANTAGE_MEAN)).isCloseTo(0, within(1e-6));
        assertThat(m.get(MetricNames.ADVANTAGE_RAW_MEAN))
            .isCloseTo(tokenMeanReward(groups), within(1e-6));
      }
    }
  }

  @Test
  void duringTheCriticsWarmUpThePolicyStaysExactlyAsItWas() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 13)) {
      List<RolloutGroup> groups = LearnerTest.groups(model, REWARDS);
      Map<String, HostTensor> before = model.toHostTensors();
      try (Learner learner = LearnerTest.learner(model, ppo("ngrpo.critic.warmup-steps = 1"))) {
        StepMetrics m = learner.step(0, groups, groups.size()).metrics();
        assertThat(m.get(MetricNames.UPDATES)).isZero();
        assertThat(m.get(MetricNames.CRITIC_UPDATES)).isEqualTo(2);
        assertThat(model.toHostTensors()).isEqualTo(before);
        learner.step(1, groups, groups.size());
        assertThat(model.toHostTensors()).isNotEqualTo(before);
      }
    }
  }

  @Test
  void klInTheRewardKeepsAReferenceAndIsZeroWhileThePolicyIsStillIt() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 14)) {
      List<RolloutGroup> groups = LearnerTest.groups(model, REWARDS);
      try (Learner learner = LearnerTest.learner(model, ppo("ngrpo.critic.kl-in-reward = 0.1"))) {
        assertThat(learner.hasReferenceModel()).isTrue();
        StepMetrics m = learner.step(0, groups, groups.size()).metrics();
        assertThat(m.get(MetricNames.KL)).isZero();
        // after one step the policy has moved from its reference: logp_old - logp_ref != 0
        assertThat(learner.step(1, groups, groups.size()).metrics().get(MetricNames.KL))
            .isNotZero();
      }
    }
  }

  @Test
  void theHeadReadsEachResponseTokensStateAndLeavesPaddingAtZero() {
    try (PolicyModel trunk = TinyModels.create(TinyModels.gqaWithBias(), 15)) {
      int h = trunk.config().hiddenSize();
      Map<String, HostTensor> head = Map.of(
          ValueModel.HEAD_WEIGHT, new HostTensor(new long[] {1, h}, new float[h]),
          ValueModel.HEAD_BIAS, new HostTensor(new long[] {1}, new float[] {0.5f}));
      ValueModel critic = ValueModel.of(trunk, head, 0, 1, "test");
      try (NDScope scope = new NDScope(); NDManager m = trunk.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        ValueModel.Values v = critic.values(m, new int[][] {{3, 4}, {5}},
            new int[][] {{6, 7, 8}, {9}});
        assertThat(v.values().toFloatArray()).containsExactly(0.5f, 0.5f, 0.5f, 0.5f, 0f, 0f);
      }
      assertThat(critic.trainableNames()).endsWith(ValueModel.HEAD_WEIGHT, ValueModel.HEAD_BIAS)
          .doesNotContain("lm_head.weight"); // untied, and no part of a value
    }
  }
}
