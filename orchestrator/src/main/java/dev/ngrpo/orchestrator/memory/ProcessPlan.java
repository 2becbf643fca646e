package dev.ngrpo.orchestrator.memory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one kind of process (the driver, an executor) holds at its peak, and its limits. Items
 * are added as if they coexisted: the total is an upper bound, reached by the step that holds
 * the most (the learner's micro-batch on the driver, a task's prefill on an executor).
 *
 * @param name {@code driver}, {@code executor}, or the driver running the tasks of a local master
 * @param instances how many such processes run (for the machine they share)
 * @param items what it holds
 * @param limits the limit of each place that has one; a place without one (the off-heap memory
 *     of processes that share this machine, a GPU of unknown size) is not checked here
 */
public record ProcessPlan(String name, int instances, List<MemoryItem> items,
    Map<Place, Limit> limits) {
  public ProcessPlan {
    items = List.copyOf(items);
    limits = limits.isEmpty() ? Map.of() : new EnumMap<>(limits);
  }

  /** Bytes of the items in {@code place}. */
  public long total(Place place) {
    return items.stream().filter(i -> i.place() == place).mapToLong(MemoryItem::bytes).sum();
  }

  /** Whether any item lives in {@code place}. */
  public boolean uses(Place place) {
    return items.stream().anyMatch(i -> i.place() == place);
  }

  /** The limit of {@code place}, when it has one. */
  public Optional<Limit> limit(Place place) {
    return Optional.ofNullable(limits.get(place));
  }

  /** Each place whose items exceed its limit. */
  public List<Misfit> misfits() {
    List<Misfit> out = new ArrayList<>();
    for (Place place : Place.values()) {
      Limit limit = limits.get(place);
      long needed = total(place);
      if (limit != null && needed > limit.bytes()) {
        out.add(new Misfit(name + " " + place.label(), needed, limit,
            Misfit.largestOf(items, place)));
      }
    }
    return out;
  }
}
