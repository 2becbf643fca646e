package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import dev.ngrpo.learner.critic.ValueModel;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PPO runs end to end: one response per prompt, the critic in every checkpoint, exact resume. */
class PpoRunTest {
  private static final String PPO = "ngrpo.learner.preset = ppo\n"
      + "ngrpo.rollout.group-size = 1\nngrpo.critic.optimizer.lr = 1e-3\n";

  @TempDir
  Path dir;

  @Test
  void groupsOfOneAreRefusedForGroupMethodsButTrainPpo() throws Exception {
    assertThatThrownBy(() -> TestRuns.config(dir.resolve("grpo"),
        "ngrpo.learner.preset = grpo\nngrpo.rollout.group-size = 1"))
        .hasMessageContaining("ngrpo.rollout.group-size").hasMessageContaining("at least 2");
    Path out = dir.resolve("ppo");
    // a small random head, so the values are not 0 from the start
    TestRuns.finalWeights(TestRuns.config(out, PPO + "ngrpo.run.steps = 2\n"
        + "ngrpo.critic.head-init-std = 0.1"), false);
    List<JsonNode> steps = RunLog.records(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(out.toUri()), RunLog.METRICS);
    assertThat(steps).hasSize(2);
    double before = steps.get(0).get(MetricNames.VALUE_MEAN).asDouble();
    assertThat(before).isNotZero();
    // the critic learned from step 0's returns
    assertThat(steps.get(1).get(MetricNames.VALUE_MEAN).asDouble()).isNotEqualTo(before);
    assertThat(steps.get(1).get(MetricNames.CRITIC_UPDATES).asInt()).isEqualTo(2);
    // the critic's folder: Hugging Face layout with the head, and its own optimizer state
    Path critic = out.resolve("checkpoints/step-00000001/critic");
    assertThat(critic.resolve("config.json")).exists();
    try (InputStream in = Files.newInputStream(critic.resolve("model.safetensors"))) {
      Map<String, HostTensor> t = SafetensorsReader.read(in, "critic").tensors();
      assertThat(t.get(ValueModel.HEAD_WEIGHT).shape()).containsExactly(1, 32);
      assertThat(t.get(ValueModel.HEAD_BIAS).shape()).containsExactly(1);
      assertThat(t).containsKey("model.embed_tokens.weight");
    }
    try (InputStream in = Files.newInputStream(critic.resolve("optimizer.safetensors"))) {
      assertThat(SafetensorsReader.read(in, "critic optimizer").metadata().get("step"))
          .isEqualTo("4");
    }
  }

  @Test
  void aResumedPpoRunReachesTheSameWeightsAndCriticAsAnUninterruptedOne() throws Exception {
    RunConfig straight = TestRuns.config(dir.resolve("straight"), PPO + "ngrpo.run.steps = 4");
    Map<String, HostTensor> policy = TestRuns.finalWeights(straight, false);
    TestRuns.finalWeights(TestRuns.config(dir.resolve("resumed"), PPO + "ngrpo.run.steps = 2"),
        false);
    Map<String, HostTensor> resumed = TestRuns.finalWeights(
        TestRuns.config(dir.resolve("resumed"), PPO + "ngrpo.run.steps = 4"), true);
    assertThat(resumed).isEqualTo(policy);
    // the critic went on from its checkpoint too: its weights, and the figures it gives
    assertThat(dir.resolve("resumed/checkpoints/step-00000003/critic/model.safetensors"))
        .hasSameBinaryContentAs(
            dir.resolve("straight/checkpoints/step-00000003/critic/model.safetensors"));
    assertThat(dir.resolve("resumed").resolve(RunLog.METRICS).toFile().length()).isPositive();
  }

  @Test
  void aCriticFolderOfAnotherVocabularyIsRefusedNamingIt() throws Exception {
    Path other = dir.resolve("other");
    TestRuns.finalWeights(TestRuns.config(other, PPO + "ngrpo.run.steps = 1"), false);
    // a critic trained by one run starts another: its head comes along
    Path critic = other.resolve("checkpoints/step-00000000/critic");
    TestRuns.finalWeights(TestRuns.config(dir.resolve("from-critic"), PPO
        + "ngrpo.run.steps = 1\nngrpo.critic.path = \"" + critic.toUri() + "\""), false);
    Path config = critic.resolve("config.json");
    Files.writeString(config, Files.readString(config).replaceAll("\"vocab_size\"\\s*:\\s*\\d+",
        "\"vocab_size\": 7"));
    Files.deleteIfExists(critic.resolve(".config.json.crc")); // Hadoop's checksum of the old text
    assertThatThrownBy(() -> TestRuns.finalWeights(TestRuns.config(dir.resolve("bad"), PPO
        + "ngrpo.run.steps = 1\nngrpo.critic.path = \"" + critic.toUri() + "\""), false))
        .hasMessageContaining("critic folder").hasMessageContaining("vocab_size 7");
  }

  @Test
  void aLoraPolicysCriticTrainsAdaptersOfItsOwnAndResumesExactly() throws Exception {
    String lora = PPO + "ngrpo.model.lora { rank = 4, alpha = 8,"
        + " target-modules = [q_proj, v_proj] }\n";
    Map<String, HostTensor> straight = TestRuns.finalWeights(
        TestRuns.config(dir.resolve("straight"), lora + "ngrpo.run.steps = 3"), false);
    TestRuns.finalWeights(TestRuns.config(dir.resolve("resumed"), lora + "ngrpo.run.steps = 2"),
        false);
    Map<String, HostTensor> resumed = TestRuns.finalWeights(
        TestRuns.config(dir.resolve("resumed"), lora + "ngrpo.run.steps = 3"), true);
    assertThat(resumed).isEqualTo(straight);
    // the critic's adapters over the checkpoint's frozen model, and its head: no model copy
    Path critic = dir.resolve("straight/checkpoints/step-00000002/critic");
    assertThat(critic.resolve("config.json")).doesNotExist();
    assertThat(Files.readString(critic.resolve("adapter_config.json")))
        .contains("\"base_model_name_or_path\" : \"../model\"");
    try (InputStream in = Files.newInputStream(critic.resolve("adapter_model.safetensors"))) {
      assertThat(SafetensorsReader.read(in, "critic adapters").tensors().keySet())
          .hasSize(2 * 2 * 2).allMatch(n -> n.contains(".lora_"));
    }
    assertThat(dir.resolve("resumed/checkpoints/step-00000002/critic/value_head.safetensors"))
        .hasSameBinaryContentAs(critic.resolve("value_head.safetensors"));
    assertThat(dir.resolve("resumed/checkpoints/step-00000002/critic/adapter_model.safetensors"))
        .hasSameBinaryContentAs(critic.resolve("adapter_model.safetensors"));
  }

  @Test
  void aCriticPathThatIsNoModelFolderIsRefusedNamingTheKeyBeforeSparkStarts() throws Exception {
    RunConfig missing = TestRuns.config(dir.resolve("run"), PPO + "ngrpo.critic.path = \""
        + dir.resolve("nowhere").toUri() + "\"");
    assertThatThrownBy(() -> RunContext.checkInputs(missing))
        .hasMessageContaining("ngrpo.critic.path").hasMessageContaining("does not exist");
    java.nio.file.Files.createDirectories(dir.resolve("empty"));
    RunConfig empty = TestRuns.config(dir.resolve("run"), PPO + "ngrpo.critic.path = \""
        + dir.resolve("empty").toUri() + "\"");
    assertThatThrownBy(() -> RunContext.checkInputs(empty))
        .hasMessageContaining("ngrpo.critic.path").hasMessageContaining("has no config.json");
    // a method without a critic does not read the key
    RunContext.checkInputs(TestRuns.config(dir.resolve("run"), "ngrpo.critic.path = \""
        + dir.resolve("nowhere").toUri() + "\""));
  }
}
