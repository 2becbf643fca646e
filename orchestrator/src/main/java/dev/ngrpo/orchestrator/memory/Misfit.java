package dev.ngrpo.orchestrator.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One place whose items do not fit its limit: what it needs, what it has, the largest items
 * with the knob that shrinks each, and the knob that raises the limit.
 *
 * @param where the process and place, e.g. {@code driver off-heap}
 * @param needed bytes the items take together
 * @param limit what the place has
 * @param largest the largest items, largest first
 */
public record Misfit(String where, long needed, Limit limit, List<MemoryItem> largest) {
  /** Items named in a message: enough to see what dominates. */
  static final int NAMED_ITEMS = 3;

  public Misfit {
    largest = List.copyOf(largest);
  }

  /** The items of {@code items} in {@code place}, largest first, at most {@link #NAMED_ITEMS}. */
  static List<MemoryItem> largestOf(List<MemoryItem> items, Place place) {
    return items.stream().filter(i -> i.place() == place && i.bytes() > 0)
        .sorted((a, b) -> Long.compare(b.bytes(), a.bytes())).limit(NAMED_ITEMS).toList();
  }

  /**
   * One paragraph: what does not fit, the largest items, each knob once after the items it
   * shrinks, and the limit's knob.
   */
  public String message() {
    Map<String, List<MemoryItem>> byKnob = new LinkedHashMap<>();
    largest.forEach(i -> byKnob.computeIfAbsent(i.knob(), k -> new ArrayList<>()).add(i));
    String items = byKnob.entrySet().stream()
        .map(e -> e.getValue().stream().map(i -> i.name() + " " + Bytes.format(i.bytes()))
            .collect(Collectors.joining(", "))
            + (e.getKey().isEmpty() ? "" : " (" + e.getKey() + ")"))
        .collect(Collectors.joining("; "));
    return String.format("%s needs %s but has %s (%s). Largest: %s. Or raise %s to at least %s",
        where, Bytes.format(needed), Bytes.format(limit.bytes()), limit.source(), items,
        limit.knob(), Bytes.format(needed));
  }
}
