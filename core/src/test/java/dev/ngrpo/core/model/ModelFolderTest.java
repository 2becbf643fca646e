package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.LocalModelFiles;
import dev.ngrpo.core.safetensors.SafetensorsFolder;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.core.tokenizer.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {
  @TempDir
  Path dir;

  @Test
  void saveThenLoadIsBitExactWithTokenizer() throws Exception {
    LocalModelFiles files = new LocalModelFiles(dir);
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 3);
        Tokenizer tokenizer = CharTokenizer.arithmetic()) {
      ModelFolder.save(model, tokenizer, files, DType.F32, Long.MAX_VALUE);
      try (PolicyModel back = ModelFolder.load(files, Device.cpu());
          Tokenizer tokBack = Tokenizers.load(dir)) {
        assertThat(back.config()).isEqualTo(model.config());
        assertThat(back.toHostTensors()).isEqualTo(model.toHostTensors());
        assertThat(tokBack.encode("12+7=")).isEqualTo(tokenizer.encode("12+7="));
      }
    }
    assertThat(dir.resolve("config.json")).exists();
    assertThat(dir.resolve("model.safetensors")).exists();
    assertThat(dir.resolve("tokenizer.json")).exists();
  }

  @Test
  void shardedBf16ThroughHadoopFileSystem() throws Exception {
    HadoopModelFiles files = HadoopModelFiles.at(dir.toUri().toString(), new Configuration());
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 4)) {
      ModelFolder.save(model, null, files, DType.BF16, 4096);
      assertThat(dir.resolve("model.safetensors.index.json")).exists();
      try (PolicyModel back = ModelFolder.load(files, Device.cpu())) {
        Map<String, HostTensor> a = model.toHostTensors();
        Map<String, HostTensor> b = back.toHostTensors();
        for (String name : a.keySet()) {
          float[] x = a.get(name).values();
          float[] y = b.get(name).values();
          for (int i = 0; i < x.length; i++) {
            // bf16 keeps 8 significant bits: round-trip value equals the f32 value rounded
            assertThat(y[i]).isEqualTo(DType.bf16ToF32(DType.f32ToBf16(x[i])));
          }
        }
      }
    }
  }

  @Test
  void configMismatchNamesTensorAndShapes() throws Exception {
    LocalModelFiles files = new LocalModelFiles(dir);
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 3)) {
      ModelFolder.save(model, null, files, DType.F32, Long.MAX_VALUE);
    }
    ModelConfig c = TinyModels.gqaWithBias();
    ModelConfig wider = new ModelConfig(c.modelType(), c.vocabSize(), c.hiddenSize(),
        c.intermediateSize() * 2, c.numHiddenLayers(), c.numAttentionHeads(),
        c.numKeyValueHeads(), c.headDim(), c.rmsNormEps(), c.ropeTheta(),
        c.maxPositionEmbeddings(), c.tieWordEmbeddings(), c.attentionBias(), -1, 1);
    Files.writeString(dir.resolve("config.json"), wider.toJson());
    assertThatThrownBy(() -> ModelFolder.load(files, Device.cpu()))
        .hasMessageContaining("model.layers.0.mlp.gate_proj.weight: expected [96, 32], found [48, 32]");
  }

  @Test
  void missingAndExtraTensorsAreNamed() throws Exception {
    LocalModelFiles files = new LocalModelFiles(dir);
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 3)) {
      Map<String, HostTensor> t = new LinkedHashMap<>(model.toHostTensors());
      t.remove("model.layers.1.self_attn.k_proj.bias");
      t.put("model.layers.9.mlp.up_proj.weight", new HostTensor(new long[] {2}, new float[2]));
      files.write("config.json", model.config().toJsonBytes());
      SafetensorsFolder.write(files, t, Map.of(), DType.F32);
    }
    assertThatThrownBy(() -> ModelFolder.load(files, Device.cpu()))
        .hasMessageContaining("model.layers.1.self_attn.k_proj.bias: expected [16]")
        .hasMessageContaining("model.layers.9.mlp.up_proj.weight: found [2]");
  }

  @Test
  void truncatedWeightsFileFailsWithItsName() throws Exception {
    LocalModelFiles files = new LocalModelFiles(dir);
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 3)) {
      ModelFolder.save(model, null, files, DType.F32, Long.MAX_VALUE);
    }
    Path weights = dir.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> ModelFolder.load(files, Device.cpu()))
        .hasMessageContaining(weights.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void folderWithoutConfigIsNotAModel() {
    assertThatThrownBy(() -> ModelFolder.load(new LocalModelFiles(dir), Device.cpu()))
        .hasMessageContaining("no config.json").hasMessageContaining(dir.toString());
  }

  @Test
  void tiedCheckpointCarryingAnLmHeadCopyStillLoads() throws Exception {
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 3)) {
      Map<String, HostTensor> t = new LinkedHashMap<>(model.toHostTensors());
      t.put(ModelLayout.LM_HEAD, t.get(ModelLayout.EMBED));
      try (PolicyModel back = PolicyModel.fromHostTensors(model.config(), t, Device.cpu(), "x")) {
        assertThat(back.parameterNames()).doesNotContain(ModelLayout.LM_HEAD);
      }
    }
  }
}
