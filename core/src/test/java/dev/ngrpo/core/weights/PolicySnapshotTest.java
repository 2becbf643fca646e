package dev.ngrpo.core.weights;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.TinyModels;
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
      try (PolicyModel copy = PolicyModel.fromHostTensors(config, back.tensors(), Device.cpu(),
          "snapshot v4")) {
        assertThat(copy.config()).isEqualTo(model.config());
        assertThat(copy.toHostTensors()).isEqualTo(model.toHostTensors());
      }
    }
  }
}
