package dev.ngrpo.orchestrator.memory;

import java.util.List;
import java.util.Optional;

/**
 * A memory plan as a table: the figures it is computed from, one row per item of each process
 * with where it lives and its size, each place's total against its limit, the machine's line
 * when the processes share it, and the verdict with what does not fit and the keys that fix it.
 */
public final class MemoryTable {
  private MemoryTable() {}

  /** The plan as lines of text. */
  public static String render(MemoryPlan plan) {
    int width = plan.processes().stream().flatMap(p -> p.items().stream())
        .mapToInt(i -> i.name().length()).max().orElse(20) + 2;
    StringBuilder out = new StringBuilder("memory plan (every sequence at its longest)\n");
    plan.inputs().forEach(line -> out.append("  ").append(line).append('\n'));
    for (ProcessPlan p : plan.processes()) {
      out.append('\n').append(String.format("%-" + (width + 2) + "s %-8s %10s%n",
          p.name() + (p.instances() > 1 ? " (x " + p.instances() + ")" : ""), "place", "size"));
      for (MemoryItem i : p.items()) {
        out.append(String.format("  %-" + width + "s %-8s %10s%n", i.name(), i.place().label(),
            Bytes.format(i.bytes())));
      }
      for (Place place : Place.values()) {
        if (p.uses(place)) {
          out.append("  ").append(total(p, place, plan.machine().isPresent())).append('\n');
        }
      }
    }
    plan.machine().ifPresent(m -> {
      long need = plan.machineNeed();
      out.append(String.format("%nthis machine: %s of %s (%s): the heaps whole and the off-heap"
          + " items, %s%n", Bytes.format(need), Bytes.format(m.bytes()), m.source(),
          need <= m.bytes() ? "fits" : "DOES NOT FIT"));
    });
    List<Misfit> misfits = plan.misfits();
    if (misfits.isEmpty()) {
      out.append("\nverdict: fits\n");
    } else {
      out.append("\nverdict: does not fit\n");
      misfits.forEach(m -> out.append("  - ").append(m.message()).append('\n'));
    }
    return out.toString();
  }

  private static String total(ProcessPlan p, Place place, boolean sharedMachine) {
    long bytes = p.total(place);
    Optional<Limit> limit = p.limit(place);
    String head = String.format("total %-8s %s", place.label(), Bytes.format(bytes));
    if (limit.isPresent()) {
      Limit l = limit.get();
      return String.format("%s of %s (%s): %s", head, Bytes.format(l.bytes()), l.source(),
          bytes <= l.bytes() ? "fits" : "DOES NOT FIT");
    }
    if (place == Place.GPU) {
      return head + " (not checked: give the GPU's memory, ngrpo.run.gpu-memory or --gpu-memory)";
    }
    return head + (sharedMachine ? " (shares this machine's memory: below)" : "");
  }
}
