package dev.ngrpo.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.TinyModels;
import dev.ngrpo.core.model.WeightLoader;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.RawTensor;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import dev.ngrpo.core.safetensors.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A policy survives the trip to an executor exactly: model -> snapshot bytes -> model. */
class PolicySnapshotTest {
  @Test
  void modelThroughSnapshotIsBitExact() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 9)) {
      PolicyWeights w = WeightsSnapshot.encode(4, model.config().toJson(), model.toHostTensors());
      WeightsSnapshot back = WeightsSnapshot.decode(w);
      assertThat(back.version()).isEqualTo(4);
      ModelConfig config = ModelConfig.fromJson(back.configJson(), "snapshot");
      try (PolicyModel copy = WeightLoader.fromHostTensors(config, back.tensors(), Device.cpu(),
          "snapshot v4")) {
        assertThat(copy.config()).isEqualTo(model.config());
        assertThat(copy.toHostTensors()).isEqualTo(model.toHostTensors());
      }
    }
  }

  @Test
  void aModelBuiltStraightFromThePayloadIsBitExactAndLeavesThePayloadIntact() {
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 10)) {
      PolicyWeights w = WeightsSnapshot.encode(2, model);
      byte[] before = w.bytes().clone();
      try (PolicyModel built = WeightsSnapshot.toModel(w, Device.cpu());
          PolicyModel again = WeightsSnapshot.toModel(w, Device.cpu())) {
        assertThat(built.config()).isEqualTo(model.config());
        assertThat(built.toHostTensors()).isEqualTo(model.toHostTensors());
        // each build owns its parameters: changing one leaves the other and the payload alone
        built.parameter("model.norm.weight").muli(2f);
        assertThat(again.toHostTensors()).isEqualTo(model.toHostTensors());
      }
      assertThat(w.bytes()).isEqualTo(before);
      assertThatThrownBy(() -> WeightsSnapshot.toModel(new PolicyWeights(3, w.bytes()),
          Device.cpu())).hasMessage("policy weights v3: payload says version 2");
    }
  }

  @Test
  void aModelOfAPayloadOffTheHeapIsMadeOfViewsThatKeepItAlive() throws Exception {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 12)) {
      byte[] bytes = WeightsSnapshot.encode(3, model).bytes();
      try (PolicyModel built = WeightsSnapshot.toModel(new PolicyWeights(3,
          ByteBuffer.allocateDirect(bytes.length).put(bytes).flip()), Device.cpu())) {
        // nothing but the parameters holds the payload now
        System.gc();
        assertThat(built.toHostTensors()).isEqualTo(model.toHostTensors());
      }
      // a view, not a copy: a change to the payload shows in the parameter (never done
      // outside this test; the payload is the executor's and read-only by contract)
      ByteBuffer probe = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
      try (PolicyModel view = WeightsSnapshot.toModel(new PolicyWeights(3, probe),
          Device.cpu())) {
        Map<String, RawTensor> slices = SafetensorsReader.slices(probe, "probe",
            new LinkedHashMap<>());
        ByteBuffer norm = slices.get("model.norm.weight").data();
        norm.putFloat(0, 42f);
        assertThat(view.parameter("model.norm.weight").getFloat(0)).isEqualTo(42f);
      }
    }
  }

  @Test
  void aPayloadWithTheWrongTensorsNamesThemAndABf16OneLoadsWidenedToFloat32() {
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 11)) {
      Map<String, HostTensor> tensors = new LinkedHashMap<>(model.toHostTensors());
      tensors.remove("model.norm.weight");
      Map<String, String> metadata = Map.of(WeightsSnapshot.VERSION_KEY, "1",
          WeightsSnapshot.CONFIG_KEY, model.config().toJson());
      PolicyWeights missing = new PolicyWeights(1,
          SafetensorsWriter.toBytes(tensors, metadata, DType.F32));
      assertThatThrownBy(() -> WeightsSnapshot.toModel(missing, Device.cpu()))
          .hasMessageContaining("policy weights v1").hasMessageContaining("1 missing")
          .hasMessageContaining("model.norm.weight");
      PolicyWeights half = new PolicyWeights(1,
          SafetensorsWriter.toBytes(model.toHostTensors(), metadata, DType.BF16));
      // widened on the host, as the decoding path reads it: no BF16 tensor reaches the engine
      try (PolicyModel widened = WeightsSnapshot.toModel(half, Device.cpu())) {
        assertThat(widened.parameters()).allSatisfy(
            p -> assertThat(p.getDataType()).isEqualTo(PolicyModel.dtype()));
        assertThat(widened.toHostTensors()).isEqualTo(WeightsSnapshot.decode(half).tensors());
        assertThat(widened.toHostTensors()).isNotEqualTo(model.toHostTensors());
      }
    }
  }
}
