package dev.ngrpo.rollout.worker;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/**
 * The frozen models of LoRA runs an executor JVM holds, keyed by base id (one per run's
 * publisher) and device: built once per JVM from the base's source and shared by the adapter
 * view of every version ({@link AdaptedSource}). A new base id retires the others; a retired
 * base is freed once no view leases it.
 */
public final class FrozenBases {
  private static final FrozenBases SHARED = new FrozenBases();

  FrozenBases() {}

  private final SharedModels<Key> models = new SharedModels<>(k -> "frozen model " + k.baseId());
  private String currentBase = "";

  private record Key(String baseId, Device device, DataType frozen) {}

  /** The bases of this JVM. */
  public static FrozenBases shared() {
    return SHARED;
  }

  /**
   * A lease of base {@code baseId} on {@code device} with its matrices in {@code frozen}, built
   * from {@code source} the first time.
   */
  public synchronized ModelLease acquire(String baseId, Device device, DataType frozen,
      PolicySource source) {
    if (!baseId.equals(currentBase)) {
      currentBase = baseId;
      models.retire(k -> !k.baseId().equals(baseId));
    }
    return models.acquire(new Key(baseId, device, frozen), () -> source.build(device, frozen),
        false);
  }

  /** Bases built by this JVM so far. */
  public long builds() {
    return models.builds();
  }
}
