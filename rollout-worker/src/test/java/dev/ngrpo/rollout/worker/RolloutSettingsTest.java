package dev.ngrpo.rollout.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class RolloutSettingsTest {
  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  @Test
  void defaults() {
    assertThat(RolloutSettings.from(with("")))
        .isEqualTo(new RolloutSettings(8, 1f, 1f, 0, 16, 64, 0));
    assertThat(RolloutSettings.from(with("")).sampling(new int[] {1}).isStop(1)).isTrue();
  }

  @Test
  void badValuesNameTheirKeys() {
    assertThatThrownBy(() -> RolloutSettings.from(with("ngrpo.rollout.group-size = 0")))
        .hasMessageContaining("ngrpo.rollout.group-size").hasMessageContaining("got 0");
    assertThatThrownBy(() -> RolloutSettings.from(with("ngrpo.rollout.top-p = 0")))
        .hasMessageContaining("ngrpo.rollout.top-p");
    assertThatThrownBy(() -> RolloutSettings.from(with("ngrpo.rollout.temperature = -1")))
        .hasMessageContaining("ngrpo.rollout.temperature");
    assertThatThrownBy(() -> RolloutSettings.from(with("ngrpo.rollout.max-new-tokens = lots")))
        .hasMessageContaining("ngrpo.rollout.max-new-tokens");
  }

  @Test
  void greedyTrainingRolloutsAreRefusedNamingTheEvalKeyInstead() {
    assertThatThrownBy(() -> RolloutSettings.from(with("ngrpo.rollout.temperature = 0")))
        .hasMessageContaining("ngrpo.rollout.temperature")
        .hasMessageContaining("must be in (0, 100] for training rollouts, got 0")
        .hasMessageContaining("ngrpo.eval.temperature = 0");
    assertThat(RolloutSettings.from(with("ngrpo.rollout.temperature = 0.01")).temperature())
        .isEqualTo(0.01f);
  }
}
