package dev.ngrpo.core.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * {@code ngrpo.model.frozen-dtype}: the element type of the weight matrices no optimizer
 * updates, where a model is only ever run forward or back-propagated through: an executor's
 * rollout copy, the learner's KL reference, and the frozen base under LoRA ({@link
 * PolicyModel#frozenIn}). Half precision halves their memory and, on a GPU, runs their matrix
 * products on the tensor cores; trainable parameters, their gradients, the optimizer's moments,
 * norms, biases, the residual stream, softmax and the losses stay float32.
 *
 * <p>{@code AUTO} is F16 on a GPU and F32 on the CPU, where libtorch has no fast F16 matrix
 * product: batched decoding, the rollouts' case, runs slower from F16 weights than from F32
 * ones there (docs/benchmarks.md, "Half-precision frozen weights", measures it). There is no
 * BF16: DJL's PyTorch engine cannot hold it ({@link TensorTypes}).
 */
public enum FrozenDtype {
  AUTO, F32, F16;

  /** The names the configuration accepts, lower case. */
  public static final java.util.List<String> NAMES = java.util.List.of("auto", "f32", "f16");

  /** The value of a configuration name of {@link #NAMES}. */
  public static FrozenDtype of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The type frozen matrices take on {@code device}. */
  public DataType on(Device device) {
    return switch (this) {
      case F32 -> DataType.FLOAT32;
      case F16 -> DataType.FLOAT16;
      case AUTO -> device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
    };
  }
}
