package dev.ngrpo.rollout.worker;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.TreeSet;

/**
 * The policies an executor JVM holds, keyed by run, weights version and device: a version is
 * built once however many tasks use it, concurrently or one after another. When a newer version
 * (or another run) is acquired, the older ones are retired and their native memory is freed as
 * soon as the last task using them releases its lease. The run id keeps two runs that number
 * their versions alike (an experiment's runs on one Spark session, or runs one after another in
 * an executor JVM) from ever sharing a policy.
 *
 * <pre>{@code
 * try (ModelLease lease = PolicyCache.shared().acquire(run, version, device, frozen, source)) {
 *   generate with lease.model() ...
 * }
 * }</pre>
 */
public final class PolicyCache {
  private static final PolicyCache SHARED = new PolicyCache();

  private final SharedModels<Key> models = new SharedModels<>(k -> "weights v" + k.version());
  private String currentRun = "";
  private long newestVersion = -1;

  /** The cache of this JVM. */
  public static PolicyCache shared() {
    return SHARED;
  }

  private record Key(String run, long version, Device device, DataType frozen) {}

  /**
   * The policy of {@code version} on {@code device}, its frozen matrices in {@code frozen}
   * ({@link PolicySource#build(Device, DataType)}), built from {@code source} when this JVM
   * does not hold it yet. Builds happen under the cache's lock, so concurrent tasks asking for
   * the same version wait for one build.
   */
  public ModelLease acquire(String run, long version, Device device, DataType frozen,
      PolicySource source) {
    synchronized (this) {
      if (!run.equals(currentRun) || version > newestVersion) {
        currentRun = run;
        newestVersion = version;
        // every policy of another run, and this run's older versions
        models.retire(k -> !k.run().equals(run) || k.version() < version);
      }
      return models.acquire(new Key(run, version, device, frozen),
          () -> source.build(device, frozen),
          version < newestVersion);
    }
  }

  /** Models built by this cache so far. */
  public long builds() {
    return models.builds();
  }

  /** Versions currently held (in use or the newest). */
  public TreeSet<Long> heldVersions() {
    return new TreeSet<>(models.keys(Key::version));
  }

  /**
   * Frees every model no task is using, at the end of a run (a later run in this JVM starts its
   * versions from 0 again).
   */
  public synchronized void clear() {
    if (models.retireAll()) {
      currentRun = "";
      newestVersion = -1;
    }
  }
}
