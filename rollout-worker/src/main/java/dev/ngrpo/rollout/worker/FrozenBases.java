package dev.ngrpo.rollout.worker;

import ai.djl.Device;
import dev.ngrpo.core.model.PolicyModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frozen base models of LoRA runs an executor JVM holds, keyed by base id (one per run's
 * publisher) and device: built once per JVM from the base's source, shared by the adapter view
 * of every version ({@link AdaptedSource}). A new base id retires the others; a retired base is
 * freed once no view leases it.
 */
public final class FrozenBases {
  private static final FrozenBases SHARED = new FrozenBases();

  private final Map<Key, Entry> entries = new HashMap<>();
  private String currentBase = "";
  private long builds;

  private record Key(String baseId, Device device) {}

  private static final class Entry {
    final PolicyModel model;
    int leases;
    boolean retired;

    Entry(PolicyModel model) {
      this.model = model;
    }
  }

  /** The bases of this JVM. */
  public static FrozenBases shared() {
    return SHARED;
  }

  /**
   * A lease of base {@code baseId} on {@code device}, built from {@code source} the first time;
   * release it by running the returned lease's {@link Lease#close()}.
   */
  public synchronized Lease acquire(String baseId, Device device, PolicySource source) {
    if (!baseId.equals(currentBase)) {
      currentBase = baseId;
      List<Key> free = new ArrayList<>();
      entries.forEach((k, e) -> {
        if (!k.baseId().equals(baseId)) {
          e.retired = true;
          if (e.leases == 0) {
            free.add(k);
          }
        }
      });
      free.forEach(k -> entries.remove(k).model.close());
    }
    Key key = new Key(baseId, device);
    Entry e = entries.get(key);
    if (e == null) {
      e = new Entry(source.build(device));
      builds++;
      entries.put(key, e);
    }
    e.leases++;
    return new Lease(key, e);
  }

  private synchronized void release(Key key, Entry e) {
    e.leases--;
    if (e.leases == 0 && e.retired) {
      entries.remove(key);
      e.model.close();
    }
  }

  /** Bases built by this JVM so far. */
  public synchronized long builds() {
    return builds;
  }

  /** One user's hold on a base. */
  public final class Lease implements AutoCloseable {
    private final Key key;
    private final Entry entry;
    private boolean released;

    private Lease(Key key, Entry entry) {
      this.key = key;
      this.entry = entry;
    }

    /** The frozen base (valid until this lease is closed). */
    public PolicyModel model() {
      return entry.model;
    }

    @Override
    public void close() {
      synchronized (FrozenBases.this) {
        if (released) {
          return;
        }
        released = true;
      }
      release(key, entry);
    }
  }
}
