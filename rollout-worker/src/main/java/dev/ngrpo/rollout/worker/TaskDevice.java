package dev.ngrpo.rollout.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The device a rollout task generates on: the first GPU address Spark assigned to the task
 * (its {@code gpu} resource), when the PyTorch engine sees GPUs; else the CPU.
 */
public final class TaskDevice {
  private TaskDevice() {}

  /**
   * @param gpuAddresses the task's {@code gpu} resource addresses (empty when none)
   * @throws IllegalStateException when a GPU is assigned but the engine has none (a CPU-only
   *     libtorch on a GPU node is a deployment error worth stopping for)
   */
  public static Device of(String[] gpuAddresses) {
    if (gpuAddresses == null || gpuAddresses.length == 0) {
      return Device.cpu();
    }
    int visible = Engine.getInstance().getGpuCount();
    int id;
    try {
      id = Integer.parseInt(gpuAddresses[0].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("GPU address '" + gpuAddresses[0]
          + "' is not a device number (check the GPU discovery script)", e);
    }
    if (visible == 0) {
      throw new IllegalStateException("Spark assigned GPU " + id + " to this task but the"
          + " PyTorch engine sees no GPU: point PYTORCH_LIBRARY_PATH at a CUDA libtorch 2.7.1"
          + " (see deploy/README.md)");
    }
    if (id < 0 || id >= visible) {
      throw new IllegalStateException("Spark assigned GPU " + id + " but the engine sees "
          + visible + " GPU(s); check CUDA_VISIBLE_DEVICES and the discovery script");
    }
    return Device.gpu(id);
  }
}
