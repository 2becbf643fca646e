package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.LocalModelFiles;
import dev.ngrpo.core.safetensors.Mappings;
import dev.ngrpo.core.safetensors.SafetensorsFolder;
import dev.ngrpo.core.safetensors.SafetensorsFormatException;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import dev.ngrpo.core.safetensors.SafetensorsWriter;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.core.tokenizer.Tokenizers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
  void aMappedLoadIsBitExactAndReleasesTheFilesWithTheModel() throws Exception {
    assumeThat(Mappings.visible()).isTrue();
    LocalModelFiles files = new LocalModelFiles(dir);
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 3)) {
      ModelFolder.save(model, null, files, DType.F32, 4096);
      Path shard;
      try (var names = Files.list(dir)) {
        shard = names.filter(p -> p.getFileName().toString().startsWith("model-00001-of-"))
            .findFirst().orElseThrow();
      }
      assertThat(shard.getFileName().toString()).isNotEqualTo("model-00001-of-00001.safetensors");
      PolicyModel back = ModelFolder.loadMapped(files, Device.cpu());
      assertThat(back.config()).isEqualTo(model.config());
      assertThat(back.toHostTensors()).isEqualTo(model.toHostTensors());
      assertThat(Mappings.mapped(shard)).isTrue();
      back.close();
      assertThat(Mappings.mapped(shard)).isFalse();
    }
  }

  @Test
  void bf16WeightsLoadWidenedToFloat32OnTheHostByEveryPath() throws Exception {
    LocalModelFiles files = new LocalModelFiles(dir);
    Map<String, HostTensor> rounded = new LinkedHashMap<>();
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 4)) {
      ModelFolder.save(model, null, files, DType.BF16, Long.MAX_VALUE);
      model.toHostTensors().forEach((name, t) -> {
        float[] v = t.values();
        for (int i = 0; i < v.length; i++) {
          // bf16 keeps 8 significant bits; widening back to float32 is exact
          v[i] = DType.bf16ToF32(DType.f32ToBf16(v[i]));
        }
        rounded.put(name, new HostTensor(t.shape(), v));
      });
    }
    // streamed (ModelFolder.load), mapped (executors' model folders: float32 copies, not views
    // of the BF16 file, and the file is unmapped with the model) and from raw bytes
    try (PolicyModel streamed = ModelFolder.load(files, Device.cpu());
        PolicyModel mapped = ModelFolder.loadMapped(files, Device.cpu());
        PolicyModel raw = WeightLoader.fromRawTensors(streamed.config(),
            SafetensorsReader.slices(ByteBuffer.wrap(Files.readAllBytes(
                dir.resolve("model.safetensors"))), "model.safetensors", new LinkedHashMap<>()),
            Device.cpu(), "bf16 bytes")) {
      for (PolicyModel m : List.of(streamed, mapped, raw)) {
        assertThat(m.parameters()).allSatisfy(
            p -> assertThat(p.getDataType()).isEqualTo(PolicyModel.dtype()));
        assertThat(m.toHostTensors()).isEqualTo(rounded);
      }
    }
    if (Mappings.visible()) {
      assertThat(Mappings.mapped(dir.resolve("model.safetensors"))).isFalse();
    }
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
        .hasMessageContaining(
            "model.layers.0.mlp.gate_proj.weight: expected [96, 32], found [48, 32]");
  }

  @Test
  void aStreamedModelIsCheckedBeforeItsFirstTensorAndBuiltAsTheyArrive() throws Exception {
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 5)) {
      Map<String, HostTensor> t = model.toHostTensors();
      try (PolicyModel loaded = WeightLoader.fromTensorStream(model.config(), Device.cpu(),
          "stream", sink -> {
            sink.begin(SafetensorsWriter.shapes(t), Map.of());
            t.forEach(sink::accept);
          })) {
        assertThat(loaded.toHostTensors()).isEqualTo(t);
      }
      Map<String, long[]> wrong = new LinkedHashMap<>(SafetensorsWriter.shapes(t));
      wrong.put("model.norm.weight", new long[] {3});
      assertThatThrownBy(() -> WeightLoader.fromTensorStream(model.config(), Device.cpu(),
          "stream", sink -> {
            sink.begin(wrong, Map.of());
            throw new AssertionError("data read after the layout was refused");
          })).hasMessageContaining("stream")
          .hasMessageContaining("model.norm.weight: expected [16], found [3]");
    }
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
  void unsupportedDtypeNamesTheTensorTheDtypeAndTheFile() throws Exception {
    LocalModelFiles files = new LocalModelFiles(dir);
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 3)) {
      ModelFolder.save(model, null, files, DType.F32, Long.MAX_VALUE);
    }
    Path weights = dir.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    for (String dtype : new String[] {"F64", "I64"}) {
      // same length as "F32", so the header keeps its size: only the tensor's dtype changes
      Files.write(weights, withDtype(bytes, "model.norm.weight", dtype));
      assertThatThrownBy(() -> ModelFolder.load(files, Device.cpu())).as(dtype)
          .isInstanceOf(SafetensorsFormatException.class)
          .hasMessageContaining(weights.toString())
          .hasMessageContaining("tensor 'model.norm.weight' has dtype '" + dtype + "'")
          .hasMessageContaining("not supported (supported: [F32, F16, BF16])");
    }
  }

  /** {@code bytes} of a safetensors file with the dtype of {@code tensor} replaced. */
  private static byte[] withDtype(byte[] bytes, String tensor, String dtype) {
    int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN)
        .getLong();
    String header = new String(bytes, 8, headerLength, StandardCharsets.US_ASCII);
    int entry = header.indexOf("\"" + tensor + "\"");
    int at = header.indexOf("\"F32\"", entry);
    assertThat(entry).isNotNegative();
    assertThat(at).isGreaterThan(entry);
    byte[] out = bytes.clone();
    System.arraycopy(("\"" + dtype + "\"").getBytes(StandardCharsets.US_ASCII), 0, out,
        8 + at, dtype.length() + 2);
    return out;
  }

  @Test
  void configWithAWrongTypedOrMissingFieldNamesTheFieldAndTheFile() throws Exception {
    LocalModelFiles files = new LocalModelFiles(dir);
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 3)) {
      ModelFolder.save(model, null, files, DType.F32, Long.MAX_VALUE);
    }
    Path config = dir.resolve("config.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode good = (ObjectNode) json.readTree(config.toFile());
    Map<String, String> wrong = new LinkedHashMap<>();
    wrong.put("hidden_size", "hidden_size = \"32\" must be an integer");
    wrong.put("num_hidden_layers", "num_hidden_layers = 1.5 must be an integer");
    wrong.put("rope_theta", "rope_theta = \"big\" must be a number");
    wrong.put("tie_word_embeddings", "tie_word_embeddings = \"yes\" must be true or false");
    wrong.put("model_type", "model_type = 7 must be a string");
    wrong.put("eos_token_id", "eos_token_id = [\"x\"] must be an integer or a list");
    Map<String, Object> values = Map.of("hidden_size", "32", "num_hidden_layers", 1.5,
        "rope_theta", "big", "tie_word_embeddings", "yes", "model_type", 7,
        "eos_token_id", List.of("x"));
    for (Map.Entry<String, String> e : wrong.entrySet()) {
      ObjectNode bad = good.deepCopy();
      bad.set(e.getKey(), json.valueToTree(values.get(e.getKey())));
      Files.writeString(config, json.writeValueAsString(bad));
      assertThatThrownBy(() -> ModelFolder.load(files, Device.cpu())).as(e.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(config + ": config.json field " + e.getValue());
    }
    ObjectNode missing = good.deepCopy();
    missing.remove("vocab_size");
    Files.writeString(config, json.writeValueAsString(missing));
    assertThatThrownBy(() -> ModelFolder.load(files, Device.cpu()))
        .hasMessage(config + ": config.json field vocab_size is missing");
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
      t.put(LlamaArchitecture.LM_HEAD, t.get(LlamaArchitecture.EMBED));
      try (PolicyModel back = WeightLoader.fromHostTensors(model.config(), t, Device.cpu(), "x")) {
        assertThat(back.parameterNames()).doesNotContain(LlamaArchitecture.LM_HEAD);
      }
    }
  }
}
