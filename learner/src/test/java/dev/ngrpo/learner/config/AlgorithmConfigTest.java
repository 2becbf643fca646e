package dev.ngrpo.learner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.ngrpo.learner.advantage.CalibratedGroupAdvantage;
import dev.ngrpo.learner.filter.GroupFilters;
import dev.ngrpo.learner.loss.ClippedSurrogateLoss;
import dev.ngrpo.learner.loss.KlEstimator;
import org.junit.jupiter.api.Test;

class AlgorithmConfigTest {
  private static Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  private static AlgorithmConfig algorithm(String overrides) {
    return AlgorithmConfig.from(config(overrides));
  }

  @Test
  void ngrpoIsTheDefault() {
    assertThat(algorithm("")).isEqualTo(new AlgorithmConfig("ngrpo", "ngrpo", 1.0, 1, 0.1,
        "clipped-surrogate", 0.16, 0.24, 0, "token-mean", 0.001, 0, "k3", "drop-all-correct",
        false, 0.2));
  }

  @Test
  void grpoPreset() {
    assertThat(algorithm("ngrpo.learner.preset = grpo")).isEqualTo(new AlgorithmConfig("grpo",
        "grpo", 1.0, 1, 0.1, "clipped-surrogate", 0.2, 0.2, 0, "token-mean", 0.001, 0.001, "k3",
        "none", false, 0.2));
  }

  @Test
  void dapoPreset() {
    assertThat(algorithm("ngrpo.learner.preset = dapo")).isEqualTo(new AlgorithmConfig("dapo",
        "grpo", 1.0, 1, 0.1, "clipped-surrogate", 0.2, 0.28, 0, "token-mean", 0.001, 0, "k3",
        "drop-homogeneous", true, 0.2));
  }

  @Test
  void weightedReinforcePreset() {
    assertThat(algorithm("ngrpo.learner.preset = w-reinforce")).isEqualTo(new AlgorithmConfig(
        "w-reinforce", "w-reinforce", 1.0, 1, 0.1, "clipped-surrogate", 0.2, 0.2, 0,
        "token-mean", 0.001, 0, "k3", "none", false, 0.2));
  }

  @Test
  void drGrpoPreset() {
    assertThat(algorithm("ngrpo.learner.preset = dr-grpo")).isEqualTo(new AlgorithmConfig(
        "dr-grpo", "dr-grpo", 1.0, 1, 0.1, "clipped-surrogate", 0.2, 0.2, 0,
        "seq-mean-token-sum-norm", 0.001, 0, "k3", "none", false, 0.2));
  }

  @Test
  void oldSpellingsOfPresetsAndEstimatorsResolveToTheCurrentNames() {
    // a run file written before the kebab-case names: the same algorithm, new names reported
    assertThat(algorithm("ngrpo.learner.preset = dr_grpo"))
        .isEqualTo(algorithm("ngrpo.learner.preset = dr-grpo"));
    assertThat(algorithm("ngrpo.learner { preset = grpo,"
        + " algorithm.advantage-estimator = w_reinforce }").advantageEstimator())
        .isEqualTo("w-reinforce");
  }

  @Test
  void presetsBuildTheirParts() {
    AlgorithmConfig ngrpo = algorithm("");
    assertThat(ngrpo.newAdvantageEstimator()).isInstanceOf(CalibratedGroupAdvantage.class);
    assertThat(ngrpo.newPolicyLoss()).isInstanceOf(ClippedSurrogateLoss.class);
    assertThat(ngrpo.newGroupFilter()).isSameAs(GroupFilters.create("drop-all-correct"));
    assertThat(ngrpo.klPenalty().estimator()).isEqualTo(KlEstimator.K3);
    assertThat(ngrpo.usesReferenceModel()).isFalse();
    assertThat(ngrpo.overlongShaping(256)).isNull();
    AlgorithmConfig dapo = algorithm("ngrpo.learner.preset = dapo");
    // DAPO: 0.2 of L_max; 0.2 * 20480 = 4096, 0.2 * 16 = 3.2 -> 3, and never below 1 token
    assertThat(dapo.overlongShaping(20480).bufferLength()).isEqualTo(4096);
    assertThat(dapo.overlongShaping(16).bufferLength()).isEqualTo(3);
    assertThat(dapo.overlongShaping(2).bufferLength()).isEqualTo(1);
    assertThat(algorithm("ngrpo.learner.preset = grpo").usesReferenceModel()).isTrue();
  }

  @Test
  void overridesWinOverThePreset() {
    AlgorithmConfig c = algorithm("ngrpo.learner { preset = dapo, algorithm { clip-high = 0.3,"
        + " overlong.buffer-fraction = 0.5, kl-coef = 0.01 } }");
    assertThat(c.preset()).isEqualTo("dapo");
    assertThat(c.clipHigh()).isEqualTo(0.3);
    assertThat(c.overlongBufferFraction()).isEqualTo(0.5);
    assertThat(c.klCoef()).isEqualTo(0.01);
    assertThat(c.clipLow()).isEqualTo(0.2);
    assertThat(c.groupFilter()).isEqualTo("drop-homogeneous");
  }

  @Test
  void misspelledOverrideKeyIsNamedWithTheKnownKeys() {
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.clip-hgh = 0.3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ngrpo.learner.algorithm.clip-hgh")
        .hasMessageContaining("unknown key")
        .hasMessageContaining("clip-high")
        .hasMessageContaining("overlong.buffer-fraction");
  }

  @Test
  void badValuesNameTheFullKey() {
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.clip-low = 1.0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ngrpo.learner.algorithm.clip-low")
        .hasMessageContaining("1.0");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.r-max = 0"))
        .hasMessageContaining("ngrpo.learner.algorithm.r-max")
        .hasMessageContaining("0.0");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.virtual-samples = 0"))
        .hasMessageContaining("ngrpo.learner.algorithm.virtual-samples");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.dual-clip = 0.5"))
        .hasMessageContaining("ngrpo.learner.algorithm.dual-clip")
        .hasMessageContaining("0.5");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.clip-high = lots"))
        .hasMessageContaining("ngrpo.learner.algorithm.clip-high");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.overlong.enabled = maybe"))
        .hasMessageContaining("ngrpo.learner.algorithm.overlong.enabled");
  }

  @Test
  void everyPresetIsValidatedChosenOrNotUnderItsOwnKey() {
    assertThatThrownBy(() -> algorithm("ngrpo.presets.dapo.clip-low = 1.5"))
        .hasMessageContaining("ngrpo.presets.dapo.clip-low").hasMessageContaining("1.5");
    assertThatThrownBy(() -> algorithm("ngrpo.presets.ngrpo.group-filter = all"))
        .hasMessageContaining("ngrpo.presets.ngrpo.group-filter")
        .hasMessageNotContaining("ngrpo.learner.algorithm");
    assertThatThrownBy(() -> algorithm("ngrpo.presets.grpo = x"))
        .hasMessageContaining("ngrpo.presets.grpo");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm = x"))
        .hasMessageContaining("ngrpo.learner.algorithm");
  }

  @Test
  void lossCoefficientsHaveUpperBounds() {
    // entropy-coef in [0, 1], kl-coef in [0, 10]: the bounds themselves are accepted
    assertThat(algorithm("ngrpo.learner.algorithm { entropy-coef = 1, kl-coef = 10 }")
        .klCoef()).isEqualTo(10.0);
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.entropy-coef = 1.5"))
        .hasMessageContaining("ngrpo.learner.algorithm.entropy-coef")
        .hasMessageContaining("[0.0, 1.0], got 1.5");
    assertThatThrownBy(() -> algorithm("ngrpo.presets.grpo.kl-coef = 11"))
        .hasMessageContaining("ngrpo.presets.grpo.kl-coef")
        .hasMessageContaining("[0.0, 10.0], got 11.0");
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.advantage-estimator = ppo"))
        .hasMessageContaining("ngrpo.learner.algorithm.advantage-estimator")
        .hasMessageContaining("known: grpo, ngrpo, dr-grpo, w-reinforce, rloo");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.loss-aggregation = sum"))
        .hasMessageContaining("ngrpo.learner.algorithm.loss-aggregation")
        .hasMessageContaining("seq-mean-token-sum-norm");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.policy-loss = ppo"))
        .hasMessageContaining("known: clipped-surrogate, no-clip");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.group-filter = all"))
        .hasMessageContaining("known: none, drop-all-correct, drop-homogeneous");
    assertThatThrownBy(() -> algorithm("ngrpo.learner.algorithm.kl-estimator = k5"))
        .hasMessageContaining("known: k1, k2, k3");
  }

  @Test
  void unknownPresetListsTheKnownOnes() {
    assertThatThrownBy(() -> algorithm("ngrpo.learner.preset = trpo"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ngrpo.learner.preset")
        .hasMessageContaining("'trpo'")
        .hasMessageContaining("known: dapo, dr-grpo, grpo, ngrpo, ppo, w-reinforce");
  }

  @Test
  void aPresetNameOutsideTheConventionFailsOnItsBlock() {
    assertThatThrownBy(() -> algorithm("ngrpo.presets.my_grpo = ${ngrpo.presets.grpo}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ngrpo.presets.my_grpo")
        .hasMessageContaining("is not lower-case words joined by hyphens");
  }
}
