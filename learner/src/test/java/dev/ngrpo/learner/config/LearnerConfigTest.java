package dev.ngrpo.learner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnerConfigTest {
  private static Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  @Test
  void defaults() {
    LearnerConfig c = LearnerConfig.from(config(""));
    assertThat(c.miniBatches()).isEqualTo(4);
    assertThat(c.epochs()).isEqualTo(1);
    assertThat(c.shuffle()).isTrue();
    assertThat(c.maxConsecutiveNonFinite()).isEqualTo(3);
    assertThat(c.algorithm().preset()).isEqualTo("ngrpo");
    assertThat(c.optimizer()).isEqualTo(
        new OptimizerConfig(1e-6, 0.01, 0.9, 0.999, 1e-8, 1.0, "constant", 0, 0.0));
  }

  @Test
  void optimizerBuildsItsParts() {
    OptimizerConfig o = OptimizerConfig.from(config(
        "ngrpo.learner.optimizer { lr = 0.5, schedule = warmup-cosine, warmup-steps = 1 }"));
    // warmup (s + 1) / 1 -> 0.5 at update 0; cosine reaches min-lr-ratio 0 at update 3.
    assertThat(o.newSchedule(3).learningRate(0)).isEqualTo(0.5);
    assertThat(o.newSchedule(3).learningRate(3)).isEqualTo(0.0);
    o.newOptimizer().close();
  }

  @Test
  void badValuesNameTheFullKey() {
    assertThatThrownBy(() -> OptimizerConfig.from(config("ngrpo.learner.optimizer.beta1 = 1")))
        .hasMessageContaining("ngrpo.learner.optimizer.beta1")
        .hasMessageContaining("1.0");
    assertThatThrownBy(() -> OptimizerConfig.from(config("ngrpo.learner.optimizer.lr = -1")))
        .hasMessageContaining("ngrpo.learner.optimizer.lr");
    assertThatThrownBy(
        () -> OptimizerConfig.from(config("ngrpo.learner.optimizer.schedule = cosine")))
        .hasMessageContaining("ngrpo.learner.optimizer.schedule")
        .hasMessageContaining("known: constant, warmup-cosine");
    // lr in (0, 1], weight-decay in [0, 1], eps in (0, 1]
    assertThat(OptimizerConfig.from(config("ngrpo.learner.optimizer { lr = 1, weight-decay = 1,"
        + " eps = 1 }")).learningRate()).isEqualTo(1.0);
    for (String key : new String[] {"lr", "weight-decay", "eps"}) {
      assertThatThrownBy(() -> OptimizerConfig.from(config("ngrpo.learner.optimizer." + key
          + " = 2"))).hasMessageContaining("ngrpo.learner.optimizer." + key)
          .hasMessageContaining("1.0], got 2.0");
    }
    assertThatThrownBy(() -> LearnerConfig.from(config("ngrpo.learner.mini-batches = 0")))
        .hasMessageContaining("ngrpo.learner.mini-batches")
        .hasMessageContaining("got 0");
  }

  @Test
  void everyReferenceKeyHasAComment() {
    Config reference = ConfigFactory.parseFile(new File("src/main/resources/reference.conf"));
    assertThat(reference.hasPath("ngrpo.learner.preset")).isTrue();
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      assertThat(e.getValue().origin().comments()).as(e.getKey()).isNotEmpty();
    }
  }
}
