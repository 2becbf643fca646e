package dev.ngrpo.rollout.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {
  @Test
  void seedsArePureFunctionsAndNeighboursDiffer() {
    assertThat(Seeds.of(1, 2, 3, 4)).isEqualTo(Seeds.of(1, 2, 3, 4));
    Set<Long> seen = new HashSet<>();
    for (long step = 0; step < 10; step++) {
      for (long prompt = 0; prompt < 10; prompt++) {
        for (int sample = 0; sample < 10; sample++) {
          seen.add(Seeds.of(7, step, prompt, sample));
        }
      }
    }
    assertThat(seen).hasSize(1000);
    assertThat(Seeds.of(7, 1, 0, 0)).isNotEqualTo(Seeds.of(7, 0, 1, 0));
  }

  @Test
  void taskDeviceIsTheCpuWithoutGpusAndAnAssignedGpuMustExist() {
    assertThat(TaskDevice.of(new String[0])).isEqualTo(Device.cpu());
    assertThat(TaskDevice.of(null)).isEqualTo(Device.cpu());
    assertThatThrownBy(() -> TaskDevice.of(new String[] {"gpu-a"}))
        .hasMessageContaining("'gpu-a' is not a device number");
    assumeTrue(Engine.getInstance().getGpuCount() == 0, "checks the CPU-only engine's message");
    assertThatThrownBy(() -> TaskDevice.of(new String[] {"0"}))
        .hasMessageContaining("Spark assigned GPU 0").hasMessageContaining("PYTORCH_LIBRARY_PATH");
  }
}
