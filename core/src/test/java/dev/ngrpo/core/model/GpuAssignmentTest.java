package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which device the driver and rollout tasks take, for engines that see 0, 1 or 4 GPUs. */
class GpuAssignmentTest {
  @Test
  void anAssignedGpuIsTheDeviceOfThatNumber() {
    assertThat(GpuAssignment.device(List.of(), "the driver", 4)).isEqualTo(Device.cpu());
    assertThat(GpuAssignment.device(List.of("2"), "the driver", 4)).isEqualTo(Device.gpu(2));
    assertThat(GpuAssignment.device(List.of(" 3 ", "1"), "this task", 4))
        .isEqualTo(Device.gpu(3));
  }

  @Test
  void anAssignedGpuTheEngineDoesNotSeeIsRefused() {
    assertThatThrownBy(() -> GpuAssignment.device(List.of("gpu-a"), "the driver", 4))
        .hasMessageContaining("'gpu-a' is not a device number");
    assertThatThrownBy(() -> GpuAssignment.device(List.of("0"), "the driver", 0))
        .hasMessageContaining("Spark assigned GPU 0 to the driver but the PyTorch engine sees"
            + " no GPU").hasMessageContaining("PYTORCH_LIBRARY_PATH");
    assertThatThrownBy(() -> GpuAssignment.device(List.of("4"), "this task", 4))
        .hasMessageContaining("Spark assigned GPU 4 to this task but the engine sees 4 GPU(s)");
  }

  @Test
  void theDriverTakesItsAssignedGpuNotAlwaysTheFirst() {
    // two drivers on one 4-GPU node, each assigned its own GPU by Spark
    assertThat(ModelSettings.driverDevice("auto", List.of("1"), 4)).isEqualTo(Device.gpu(1));
    assertThat(ModelSettings.driverDevice("gpu", List.of("3"), 4)).isEqualTo(Device.gpu(3));
    // no assignment: GPU 0 when there is one, else the CPU (auto) or an error (gpu)
    assertThat(ModelSettings.driverDevice("auto", List.of(), 4)).isEqualTo(Device.gpu(0));
    assertThat(ModelSettings.driverDevice("auto", List.of(), 0)).isEqualTo(Device.cpu());
    assertThatThrownBy(() -> ModelSettings.driverDevice("gpu", List.of(), 0))
        .hasMessageContaining("ngrpo.model.device = gpu but the PyTorch engine sees no GPU");
    // cpu wins over an assignment
    assertThat(ModelSettings.driverDevice("cpu", List.of("1"), 4)).isEqualTo(Device.cpu());
  }
}
