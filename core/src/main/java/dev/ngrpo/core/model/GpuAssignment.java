package dev.ngrpo.core.model;

import ai.djl.Device;
import java.util.List;

/**
 * The device of a GPU Spark assigned: a rollout task's {@code gpu} resource on an executor, or
 * the driver's ({@code spark.driver.resource.gpu.amount}, read from {@code
 * SparkContext.resources()}). Spark's addresses are what the discovery script printed, the
 * device numbers CUDA sees in that container, so the first address is the device index. Taking
 * the assigned GPU rather than always GPU 0 keeps two drivers or tasks that share a node on
 * the GPUs Spark gave each of them.
 */
public final class GpuAssignment {
  private GpuAssignment() {}

  /**
   * The device for {@code addresses} (empty: none assigned, the CPU).
   *
   * @param who what the GPU was assigned to, for messages ("this task", "the driver")
   * @param visibleGpus GPUs the PyTorch engine sees
   * @throws IllegalArgumentException when an address is not a device number
   * @throws IllegalStateException when a GPU is assigned that the engine does not see (a CPU-only
   *     libtorch on a GPU node is a deployment error worth stopping for)
   */
  public static Device device(List<String> addresses, String who, int visibleGpus) {
    if (addresses.isEmpty()) {
      return Device.cpu();
    }
    int id;
    try {
      id = Integer.parseInt(addresses.get(0).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("GPU address '" + addresses.get(0)
          + "' is not a device number (check the GPU discovery script)", e);
    }
    if (visibleGpus == 0) {
      throw new IllegalStateException("Spark assigned GPU " + id + " to " + who + " but the"
          + " PyTorch engine sees no GPU: point PYTORCH_LIBRARY_PATH at a CUDA libtorch 2.7.1"
          + " (see deploy/README.md)");
    }
    if (id < 0 || id >= visibleGpus) {
      throw new IllegalStateException("Spark assigned GPU " + id + " to " + who
          + " but the engine sees " + visibleGpus
          + " GPU(s); check CUDA_VISIBLE_DEVICES and the discovery script");
    }
    return Device.gpu(id);
  }
}
