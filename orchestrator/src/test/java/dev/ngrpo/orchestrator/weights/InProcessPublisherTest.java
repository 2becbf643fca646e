package dev.ngrpo.orchestrator.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.rollout.worker.PublishedWeights;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Versions handed to tasks in the driver's JVM, without serializing the weights. */
class InProcessPublisherTest {
  private static final ModelConfig SHAPE = ModelConfig.llama(20, 16, 32, 1, 2, 2, 64, true);

  @Test
  void aTaskBuildsThePublishedWeightsNotTheLearnersLaterOnes() {
    try (PolicyModel learner = PolicyModel.initialize(SHAPE, 3, Device.cpu());
        InProcessPublisher publisher = new InProcessPublisher()) {
      Map<String, HostTensor> v0 = learner.toHostTensors();
      PublishedWeights published = publisher.publish(0, learner);
      // the learner moves on before the first task builds v0
      learner.parameter("model.norm.weight").muli(3f);
      try (PolicyModel built = published.source().build(Device.cpu())) {
        assertThat(published.version()).isZero();
        assertThat(built.toHostTensors()).isEqualTo(v0);
      }
      assertThat(InProcessPublisher.heldSnapshots()).isPositive();
    }
  }

  @Test
  void anOlderVersionOrAClosedPublisherFailsNamingTheTransport() {
    try (PolicyModel learner = PolicyModel.initialize(SHAPE, 4, Device.cpu())) {
      InProcessPublisher publisher = new InProcessPublisher();
      int held = InProcessPublisher.heldSnapshots();
      PublishedWeights v0 = publisher.publish(0, learner);
      PublishedWeights v1 = publisher.publish(1, learner);
      assertThat(InProcessPublisher.heldSnapshots()).isEqualTo(held + 1);
      assertThatThrownBy(() -> v0.source().build(Device.cpu()))
          .hasMessageContaining("weights v0 are no longer published").hasMessageContaining("v1");
      assertThatThrownBy(() -> publisher.publish(1, learner))
          .hasMessageContaining("versions must increase");
      publisher.close();
      assertThat(InProcessPublisher.heldSnapshots()).isEqualTo(held);
      assertThatThrownBy(() -> v1.source().build(Device.cpu()))
          .hasMessageContaining("ngrpo.weights.transport = broadcast");
    }
  }
}
