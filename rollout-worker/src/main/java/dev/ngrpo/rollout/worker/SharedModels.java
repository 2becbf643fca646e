package dev.ngrpo.rollout.worker;

import dev.ngrpo.core.model.PolicyModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Models an executor JVM shares by key: each built once however many tasks lease it, a retired
 * one freed as soon as its last lease is released. {@link PolicyCache} (a policy version) and
 * {@link FrozenBases} (a LoRA run's frozen model) decide what to retire.
 */
final class SharedModels<K> {
  private final Map<K, Entry> entries = new HashMap<>();
  private final Function<K, String> describe;
  private long builds;

  private static final class Entry {
    final PolicyModel model;
    int leases;
    boolean retired;

    Entry(PolicyModel model) {
      this.model = model;
    }
  }

  /** @param describe names a key in messages ("weights v3") */
  SharedModels(Function<K, String> describe) {
    this.describe = describe;
  }

  /**
   * A lease of the model of {@code key}, built by {@code build} under this object's lock when
   * absent (so concurrent tasks wait for one build); {@code retired} marks a new model retired
   * at once (an older version asked for after a newer one).
   */
  synchronized ModelLease acquire(K key, Supplier<PolicyModel> build, boolean retired) {
    Entry e = entries.get(key);
    if (e == null) {
      e = new Entry(build.get());
      builds++;
      e.retired = retired;
      entries.put(key, e);
    }
    e.leases++;
    Entry leased = e;
    return new ModelLease(e.model, describe.apply(key), () -> release(key, leased));
  }

  /** Retires the models whose key {@code which} accepts, freeing those no task uses. */
  synchronized void retire(Predicate<K> which) {
    List<K> free = new ArrayList<>();
    entries.forEach((k, e) -> {
      if (which.test(k)) {
        e.retired = true;
        if (e.leases == 0) {
          free.add(k);
        }
      }
    });
    free.forEach(k -> entries.remove(k).model.close());
  }

  private synchronized void release(K key, Entry e) {
    e.leases--;
    if (e.leases == 0 && e.retired) {
      entries.remove(key);
      e.model.close();
    }
  }

  /** Models built so far. */
  synchronized long builds() {
    return builds;
  }

  /** The keys held now, mapped by {@code f}. */
  synchronized <T extends Comparable<T>> Set<T> keys(Function<K, T> f) {
    Set<T> out = new TreeSet<>();
    entries.keySet().forEach(k -> out.add(f.apply(k)));
    return out;
  }

  /** Retires every model; true when none is left (no task was using one). */
  synchronized boolean retireAll() {
    retire(k -> true);
    return entries.isEmpty();
  }
}
