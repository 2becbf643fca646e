package dev.ngrpo.learner.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdvantageEstimatorsTest {
  private static final AdvantageParameters PARAMS = AdvantageParameters.defaults();

  private static AdvantageEstimator estimator(String name) {
    return AdvantageEstimators.create(name, PARAMS);
  }

  @Test
  void registryKnowsEveryEstimatorByItsName() {
    assertThat(AdvantageEstimators.names())
        .containsExactly("grpo", "ngrpo", "dr-grpo", "w-reinforce", "rloo", "gae");
    assertThat(estimator("ngrpo")).isInstanceOf(CalibratedGroupAdvantage.class);
    assertThat(estimator("dr-grpo")).isInstanceOf(MeanCenteredAdvantage.class);
  }

  @Test
  void oldSpellingsStillResolve() {
    assertThat(estimator("dr_grpo")).isInstanceOf(MeanCenteredAdvantage.class);
    assertThat(estimator("w_reinforce")).isInstanceOf(WeightedReinforceAdvantage.class);
    assertThat(AdvantageEstimators.registry().canonical("w_reinforce")).isEqualTo("w-reinforce");
  }

  @Test
  void everyGroupEstimatorButWeightedReinforceNeedsAGroupOfTwo() {
    // a group of one: grpo and dr_grpo give r itself (mean 0, std 1), rloo 0; ngrpo's only
    // other value is its virtual r_max; w_reinforce reads each reward alone
    for (String name : groupEstimators()) {
      AdvantageEstimator e = estimator(name);
      assertThat(e.minimumGroupSize()).as(name)
          .isEqualTo(e instanceof WeightedReinforceAdvantage ? 1 : 2);
    }
  }

  @Test
  void ppoNeedsACriticAndNoGroup() {
    AdvantageEstimator gae = estimator("gae");
    assertThat(gae.needsCritic()).isTrue();
    assertThat(gae.minimumGroupSize()).isEqualTo(1);
    assertThatThrownBy(() -> gae.advantages("p", new float[] {1}))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("critic");
    assertThat(groupEstimators()).hasSize(AdvantageEstimators.names().size() - 1);
  }

  /** The estimators whose advantages come from a group's rewards alone (all but gae). */
  private static List<String> groupEstimators() {
    return AdvantageEstimators.names().stream().filter(n -> !estimator(n).needsCritic())
        .toList();
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> estimator("gpro"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gpro'")
        .hasMessageContaining("known: grpo, ngrpo, dr-grpo, w-reinforce, rloo");
  }

  @Test
  void allRewardsAtMaxGiveZeroForEveryGroupStatisticEstimator() {
    float[] rewards = {1, 1, 1, 1};
    for (String name : new String[] {"grpo", "ngrpo", "dr-grpo", "rloo"}) {
      assertThat(estimator(name).advantages("p", rewards)).as(name).containsOnly(0f);
    }
  }

  @Test
  void weightedReinforceIsPerResponseNotZeroOnAnAllCorrectGroup() {
    // w-reinforce has no group statistics: a correct response is +lambda whatever the others
    // (docs/algorithm.md table), so "all r_max gives 0" does not hold for it.
    assertThat(estimator("w-reinforce").advantages("p", new float[] {1, 1})).containsOnly(0.1f);
  }

  @Test
  void weightedReinforce() {
    // +lambda where reward == r_max, -1 otherwise, partial credit included.
    assertThat(estimator("w-reinforce").advantages("p", new float[] {1, 0, 0.5f, 1}))
        .containsExactly(0.1f, -1f, -1f, 0.1f);
    AdvantageEstimator quarter =
        AdvantageEstimators.create("w-reinforce", new AdvantageParameters(2.0, 1, 0.25));
    assertThat(quarter.advantages("p", new float[] {2, 1})).containsExactly(0.25f, -1f);
    assertThatThrownBy(() -> quarter.advantages("q9", new float[] {2.5f}))
        .hasMessageContaining("q9").hasMessageContaining("2.5");
  }

  @Test
  void leaveOneOut() {
    // A_1 = 1 - mean(0, 0, 0) = 1; A_wrong = 0 - mean(1, 0, 0) = -1/3.
    float[] a = estimator("rloo").advantages("p", new float[] {1, 0, 0, 0});
    assertThat(a[0]).isEqualTo(1f);
    for (int i = 1; i < 4; i++) {
      assertThat((double) a[i]).isCloseTo(-1.0 / 3, within(1e-7));
    }
    // A = r_i - mean of the others: 0.5 - 0.5 = 0, 1 - 0.25 = 0.75, 0 - 0.75 = -0.75.
    assertThat(estimator("rloo").advantages("p", new float[] {0.5f, 1, 0}))
        .containsExactly(0f, 0.75f, -0.75f);
  }

  @Test
  void meanCentered() {
    // mean 0.25: 1 - 0.25 = 0.75, 0 - 0.25 = -0.25; no std division.
    assertThat(estimator("dr-grpo").advantages("p", new float[] {1, 0, 0, 0}))
        .containsExactly(0.75f, -0.25f, -0.25f, -0.25f);
    // All wrong: mean 0, all 0 (as GRPO).
    assertThat(estimator("dr-grpo").advantages("p", new float[8])).containsOnly(0f);
  }

  @Test
  void groupOfOne() {
    // grpo: docs/algorithm.md fixes mean 0, std 1, so A = r / (1 + 1e-6).
    assertThat((double) estimator("grpo").advantages("p", new float[] {1})[0])
        .isCloseTo(0.999999, within(1e-7));
    assertThat(estimator("grpo").advantages("p", new float[] {0})).containsExactly(0f);
    // dr-grpo: same mean-0 rule, A = r.
    assertThat(estimator("dr-grpo").advantages("p", new float[] {0.7f})).containsExactly(0.7f);
    // rloo: nobody to leave out, 0.
    assertThat(estimator("rloo").advantages("p", new float[] {1})).containsExactly(0f);
    // w-reinforce: per response, +lambda.
    assertThat(estimator("w-reinforce").advantages("p", new float[] {1})).containsExactly(0.1f);
  }

  @Test
  void nonFiniteRewardFailsForEveryEstimator() {
    for (String name : groupEstimators()) {
      assertThatThrownBy(() -> estimator(name).advantages("gsm/4", new float[] {0, Float.NaN}))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("gsm/4")
          .hasMessageContaining("NaN");
    }
  }

  @Test
  void emptyGroupFails() {
    assertThatThrownBy(() -> estimator("grpo").advantages("p0", new float[0]))
        .hasMessageContaining("p0");
  }

  @Test
  void inputIsNotModified() {
    float[] rewards = {1, 0, 0.5f};
    for (String name : groupEstimators()) {
      estimator(name).advantages("p", rewards);
    }
    assertThat(rewards).containsExactly(1f, 0f, 0.5f);
  }
}
