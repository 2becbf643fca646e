package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.core.model.Adapters;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import dev.ngrpo.orchestrator.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LoRA run end to end: only the adapters train (the checkpoint's model is the frozen base,
 * its optimizer holds adapter moments only, with the KL reference being that base), the
 * adapters are saved in PEFT's layout, and a resumed run ends with the same weights as an
 * uninterrupted one.
 */
class LoraRunTest {
  /**
   * LoRA rank 4 on q/v and the MLP's down projection, with dropout on their inputs and a KL
   * penalty to the reference.
   */
  private static final String LORA = """
      ngrpo.model.lora { rank = 4, alpha = 8, target-modules = [q_proj, v_proj, down_proj],
          dropout = 0.1 }
      ngrpo.learner.algorithm.kl-coef = 0.05
      ngrpo.learner.optimizer.lr = 1e-2
      """;

  @TempDir
  Path dir;

  @Test
  void onlyTheAdaptersTrainAndAResumedRunEndsAsAnUninterruptedOne() throws Exception {
    Path out = dir.resolve("lora");
    Map<String, HostTensor> straight = TestRuns.finalWeights(
        TestRuns.config(dir.resolve("straight"), LORA + "ngrpo.run.steps = 3"), false);

    TestRuns.finalWeights(TestRuns.config(out, LORA + "ngrpo.run.steps = 2"), false);
    Path first = out.resolve("checkpoints/step-00000000");
    Path last = out.resolve("checkpoints/step-00000001");
    // the frozen base is the same file after every step; the adapters changed
    assertThat(Files.readAllBytes(last.resolve("model/model.safetensors")))
        .isEqualTo(Files.readAllBytes(first.resolve("model/model.safetensors")));
    assertThat(last.resolve("adapter/adapter_config.json")).content().contains("\"r\" : 4")
        .contains("\"peft_type\" : \"LORA\"").contains("\"lora_alpha\" : 8.0")
        .contains("\"lora_dropout\" : 0.1");
    Map<String, HostTensor> adapters0 = SafetensorsReader.read(
        first.resolve("adapter/adapter_model.safetensors")).tensors();
    Map<String, HostTensor> adapters1 = SafetensorsReader.read(
        last.resolve("adapter/adapter_model.safetensors")).tensors();
    assertThat(adapters1).hasSize(2 * 3 * 2).isNotEqualTo(adapters0).containsKey(
        Adapters.nameB("model.layers.1.mlp.down_proj"));
    // no reference/ copy: the reference is the frozen base
    assertThat(last.resolve("reference")).doesNotExist();
    // AdamW moments of the 12 adapter tensors only
    assertThat(SafetensorsReader.read(last.resolve("optimizer.safetensors")).tensors().keySet())
        .hasSize(2 * 12).allMatch(n -> n.contains(".lora_"));

    // dropout masks are keyed by the run seed, step, epoch and row, not by process state
    Map<String, HostTensor> resumed =
        TestRuns.finalWeights(TestRuns.config(out, LORA + "ngrpo.run.steps = 3"), true);
    assertThat(resumed).isEqualTo(straight);

    // the export merges the adapters: a plain folder with the policy's merged weights
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(hadoop);
    org.apache.hadoop.fs.Path checkpoint = ModelExport.checkpoint(fs,
        new org.apache.hadoop.fs.Path(out.toUri()));
    assertThat(checkpoint.getName()).isEqualTo("step-00000002");
    Path merged = dir.resolve("merged");
    assertThat(ModelExport.export(checkpoint, new org.apache.hadoop.fs.Path(merged.toUri()),
        dev.ngrpo.core.safetensors.DType.F32, Long.MAX_VALUE, hadoop)).isTrue();
    assertThat(merged.resolve("tokenizer.json")).exists();
    try (var model = dev.ngrpo.core.model.ModelFolder.load(
        new dev.ngrpo.core.safetensors.LocalModelFiles(merged), ai.djl.Device.cpu())) {
      assertThat(model.adapters().isEmpty()).isTrue();
      assertThat(model.toHostTensors()).isEqualTo(resumed);
    }
    // the checkpoint's model/ alone is the frozen base: refused as a starting model
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StartingPolicy.checkFolder(
        TestRuns.config(dir.resolve("next"), "ngrpo.model.path = \""
            + out.resolve("checkpoints/step-00000002/model") + "\"").model(), hadoop))
        .hasMessageContaining("ngrpo.model.path")
        .hasMessageContaining("is the frozen model of a LoRA checkpoint")
        .hasMessageContaining("bin/ngrpo export");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelExport.export(checkpoint,
        new org.apache.hadoop.fs.Path(merged.toUri()), dev.ngrpo.core.safetensors.DType.F32,
        Long.MAX_VALUE, hadoop)).hasMessageContaining("already exists");
  }

  @Test
  void executorsGivenTheBaseOnceAndAdaptersPerVersionRollOutAsTheInProcessPolicy()
      throws Exception {
    String twoSteps = LORA + "ngrpo.run.steps = 2\n";
    Map<String, HostTensor> inProcess = TestRuns.finalWeights(
        TestRuns.config(dir.resolve("in-process"), twoSteps), false);
    // broadcast: the base as one snapshot, then a broadcast of adapters per version; merged on
    // the executor side into the same working copy the in-process transport makes
    Map<String, HostTensor> broadcast = TestRuns.finalWeights(TestRuns.config(
        dir.resolve("broadcast"), twoSteps + "ngrpo.weights.transport = broadcast"), false);
    assertThat(broadcast).isEqualTo(inProcess);
    // model folders: the base is the only folder written
    Path folders = dir.resolve("folders");
    Map<String, HostTensor> fromFolders = TestRuns.finalWeights(TestRuns.config(folders,
        twoSteps + "ngrpo.weights.transport = model-folders"), false);
    assertThat(fromFolders).isEqualTo(inProcess);
    try (var published = Files.list(folders.resolve("weights"))) {
      assertThat(published.map(p -> p.getFileName().toString())).containsExactly("v0");
    }
    // unmerged: executors add the adapters while decoding; the run trains
    Map<String, HostTensor> unmerged = TestRuns.finalWeights(TestRuns.config(
        dir.resolve("unmerged"), twoSteps + "ngrpo.weights { transport = broadcast,"
            + " adapters = unmerged }"), false);
    assertThat(unmerged.keySet()).isEqualTo(inProcess.keySet());
    assertThat(unmerged.values()).allSatisfy(t -> assertThat(t.values())
        .doesNotContain(Float.NaN));
  }
}
