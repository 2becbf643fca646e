package dev.ngrpo.core.memory;

import dev.ngrpo.core.model.ModelConfig;
import java.util.Objects;

/**
 * The bytes a policy's weights and their training state take: trained parameters in float32
 * (4 bytes) with a float32 gradient and AdamW's two float32 moments, frozen parameters at
 * {@code frozenBytesPerParameter} with neither.
 *
 * <pre>
 *   weights   = frozen * frozenBytesPerParameter + trained * 4
 *   gradients = trained * 4
 *   AdamW     = 2 * trained * 4            (m and v)
 * </pre>
 *
 * @param config the architecture
 * @param trainable which parameters are trained
 * @param frozenBytesPerParameter bytes of a frozen parameter: 4 (F32) or 2 (F16, BF16)
 */
public record ModelWeights(ModelConfig config, TrainableParameters trainable,
    int frozenBytesPerParameter) {
  /** Bytes of a float32 value. */
  public static final int F32 = 4;

  public ModelWeights {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(trainable, "trainable");
    if (frozenBytesPerParameter != 2 && frozenBytesPerParameter != 4) {
      throw new IllegalArgumentException("frozen weights take 2 (F16, BF16) or 4 (F32) bytes a"
          + " parameter, got " + frozenBytesPerParameter);
    }
  }

  /** Full fine-tuning in float32: what the learner does today. */
  public static ModelWeights fullF32(ModelConfig config) {
    return new ModelWeights(config, TrainableParameters.all(), F32);
  }

  /** Trained parameters. */
  public long trained() {
    return trainable.trained(config);
  }

  /** Frozen parameters. */
  public long frozen() {
    return trainable.frozen(config);
  }

  /** Bytes of the frozen weights. */
  public long frozenBytes() {
    return frozen() * frozenBytesPerParameter;
  }

  /** Bytes of the trained weights. */
  public long trainedBytes() {
    return trained() * F32;
  }

  /** Bytes of every weight of the policy: {@link #frozenBytes} + {@link #trainedBytes}. */
  public long bytes() {
    return frozenBytes() + trainedBytes();
  }

  /** Bytes of the gradients: one float32 per trained parameter. */
  public long gradientBytes() {
    return trainedBytes();
  }

  /** Bytes of AdamW's first and second moments: two float32 per trained parameter. */
  public long adamBytes() {
    return 2 * trainedBytes();
  }

  /**
   * Bytes of a float32 copy of the base model, {@code parameterCount * 4}: what the learner
   * loads as the frozen reference policy of a KL penalty, and what a run keeps on the heap to
   * checkpoint it.
   */
  public long referenceBytes() {
    return config.parameterCount() * F32;
  }

  /**
   * Bytes of a float32 copy of every weight, {@code (frozen + trained) * 4}: what a published
   * weights snapshot or model folder carries and what an executor builds from it.
   */
  public long float32Bytes() {
    return (frozen() + trained()) * F32;
  }

  /**
   * Bytes of a plain copy of the model that is only run forward (an executor's rollout policy,
   * a KL reference) whose weight matrices take {@code matrixBytes} a value: 4 for float32, 2
   * for float16 ({@code ngrpo.model.frozen-dtype}); norms and biases stay float32.
   *
   * <pre>
   *   matrices * matrixBytes + (parameterCount - matrices) * 4
   * </pre>
   */
  public long forwardCopyBytes(int matrixBytes) {
    if (matrixBytes != 2 && matrixBytes != F32) {
      throw new IllegalArgumentException("a matrix value takes 2 or 4 bytes, got "
          + matrixBytes);
    }
    long matrices = 0;
    for (long[] shape : config.architecture().parameterShapes(config).values()) {
      if (shape.length == 2) {
        matrices += shape[0] * shape[1];
      }
    }
    return matrices * matrixBytes + (config.parameterCount() - matrices) * F32;
  }

  /** Bytes of the largest trained tensor. */
  public long largestTrainedBytes() {
    return trainable.largestTrained(config) * F32;
  }
}
