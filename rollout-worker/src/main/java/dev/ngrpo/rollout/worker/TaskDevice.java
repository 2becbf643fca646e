package dev.ngrpo.rollout.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.ngrpo.core.model.GpuAssignment;
import java.util.List;

/**
 * The device a rollout task generates on: the first GPU address Spark assigned to the task
 * (its {@code gpu} resource), when the PyTorch engine sees GPUs; else the CPU.
 */
public final class TaskDevice {
  private TaskDevice() {}

  /**
   * @param gpuAddresses the task's {@code gpu} resource addresses (empty when none)
   * @see GpuAssignment#device
   */
  public static Device of(String[] gpuAddresses) {
    if (gpuAddresses == null || gpuAddresses.length == 0) {
      return Device.cpu();
    }
    return GpuAssignment.device(List.of(gpuAddresses), "this task",
        Engine.getInstance().getGpuCount());
  }
}
