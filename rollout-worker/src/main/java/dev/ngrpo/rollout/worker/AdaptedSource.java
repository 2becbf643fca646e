package dev.ngrpo.rollout.worker;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.weights.WeightsSnapshot;
import java.util.function.Supplier;

/**
 * How an executor builds one version of a LoRA policy: the run's frozen base, built once per
 * JVM ({@link FrozenBases}), plus this version's adapters, which are all that travels per
 * version. {@code merged} builds a plain working copy with {@code W + (alpha / r) B A} (one copy
 * of the weights per version, plain decoding); otherwise the policy is a view of the base that
 * adds {@code (alpha / r) (x A^T) B^T} to each adapted projection while decoding (no copy, two
 * thin products more per projection and token). docs/benchmarks.md measures both.
 *
 * @param baseId the base's id, one per run's publisher
 * @param base how to build the base (the run's transport)
 * @param adapters the version's adapter tensors as a snapshot (PEFT's names)
 * @param lora rank, alpha and targets
 * @param merged whether to merge the adapters into a working copy
 */
public record AdaptedSource(String baseId, PolicySource base, Supplier<PolicyWeights> adapters,
    LoraSettings lora, boolean merged) implements PolicySource {

  @Override
  public PolicyModel build(Device device) {
    return build(device, DataType.FLOAT32);
  }

  /**
   * The version on {@code device}, its frozen base's matrices in {@code frozen} (the adapters
   * stay float32; a merged copy takes the base's type).
   */
  @Override
  public PolicyModel build(Device device, DataType frozen) {
    ModelLease lease = FrozenBases.shared().acquire(baseId, device, frozen, base);
    PolicyModel view;
    try {
      PolicyWeights w = adapters.get();
      view = lease.model().adaptedView(lora, WeightsSnapshot.decode(w).tensors(),
          "adapters of policy v" + w.version(), lease::close);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
    if (!merged) {
      return view;
    }
    try (view) {
      return view.copyTo(device);
    }
  }
}
