package dev.ngrpo.rollout.worker;

import ai.djl.Device;
import dev.ngrpo.core.model.PolicyModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * try (PolicyCache.Lease lease = PolicyCache.shared().acquire(run, version, device, source)) {
 *   generate with lease.model() ...
 * }
 * }</pre>
 */
public final class PolicyCache {
  private static final PolicyCache SHARED = new PolicyCache();

  private final Map<Key, Entry> entries = new HashMap<>();
  private String currentRun = "";
  private long newestVersion = -1;
  private long builds;

  /** The cache of this JVM. */
  public static PolicyCache shared() {
    return SHARED;
  }

  private record Key(String run, long version, Device device) {}

  private static final class Entry {
    final PolicyModel model;
    int leases;
    boolean retired;

    Entry(PolicyModel model) {
      this.model = model;
    }
  }

  /**
   * The policy of {@code version} on {@code device}, built from {@code source} when this JVM
   * does not hold it yet. Builds happen under the cache's lock, so concurrent tasks asking for
   * the same version wait for one build.
   */
  public Lease acquire(String run, long version, Device device, PolicySource source) {
    synchronized (this) {
      Key key = new Key(run, version, device);
      if (!run.equals(currentRun)) {
        currentRun = run;
        newestVersion = version;
        retireOlderThan(run, version);
      } else if (version > newestVersion) {
        newestVersion = version;
        retireOlderThan(run, version);
      }
      Entry e = entries.get(key);
      if (e == null) {
        e = new Entry(source.build(device));
        builds++;
        e.retired = version < newestVersion;
        entries.put(key, e);
      }
      e.leases++;
      return new Lease(key, e);
    }
  }

  /** Retires every policy of another run, and this run's versions below {@code version}. */
  private void retireOlderThan(String run, long version) {
    List<Key> free = new ArrayList<>();
    for (Map.Entry<Key, Entry> e : entries.entrySet()) {
      if (!e.getKey().run().equals(run) || e.getKey().version() < version) {
        e.getValue().retired = true;
        if (e.getValue().leases == 0) {
          free.add(e.getKey());
        }
      }
    }
    for (Key k : free) {
      entries.remove(k).model.close();
    }
  }

  private synchronized void release(Key key, Entry e) {
    e.leases--;
    if (e.leases == 0 && e.retired) {
      entries.remove(key);
      e.model.close();
    }
  }

  /** Models built by this cache so far. */
  public synchronized long builds() {
    return builds;
  }

  /** Versions currently held (in use or the newest). */
  public synchronized TreeSet<Long> heldVersions() {
    TreeSet<Long> v = new TreeSet<>();
    entries.keySet().forEach(k -> v.add(k.version()));
    return v;
  }

  /**
   * Frees every model no task is using, at the end of a run (a later run in this JVM starts its
   * versions from 0 again).
   */
  public synchronized void clear() {
    entries.entrySet().removeIf(e -> {
      if (e.getValue().leases == 0) {
        e.getValue().model.close();
        return true;
      }
      e.getValue().retired = true;
      return false;
    });
    if (entries.isEmpty()) {
      currentRun = "";
      newestVersion = -1;
    }
  }

  /** A task's use of one cached policy; release it by closing. */
  public final class Lease implements AutoCloseable {
    private final Key key;
    private final Entry entry;
    private boolean released;

    private Lease(Key key, Entry entry) {
      this.key = key;
      this.entry = entry;
    }

    /** The policy (valid until this lease is closed). */
    public PolicyModel model() {
      if (released) {
        throw new IllegalStateException("lease of weights v" + key.version() + " was released");
      }
      return entry.model;
    }

    /** The weights version. */
    public long version() {
      return key.version();
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release(key, entry);
      }
    }
  }
}
