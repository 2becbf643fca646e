package dev.ngrpo.rollout.worker;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.weights.WeightsSnapshot;

/**
 * How an executor builds the policy of one weights version on its device: from a broadcast
 * snapshot, or from a model folder the driver wrote (for models too large to broadcast).
 */
@FunctionalInterface
public interface PolicySource {
  /** A new model of this source's version on {@code device}; the caller owns it. */
  PolicyModel build(Device device);

  /**
   * A new model of this source's version on {@code device} with its weight matrices in {@code
   * frozen} ({@link PolicyModel#frozenIn}): an executor's copy is only run forward.
   */
  default PolicyModel build(Device device, DataType frozen) {
    return build(device).frozenIn(frozen);
  }

  /**
   * A source reading a {@link PolicyWeights} snapshot, fetched only when first built; each
   * parameter is created straight from the payload's bytes.
   */
  static PolicySource snapshot(java.util.function.Supplier<PolicyWeights> weights) {
    return device -> WeightsSnapshot.toModel(weights.get(), device);
  }
}
