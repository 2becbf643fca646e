package dev.ngrpo.orchestrator.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The memory plan of a run: what it is sized by, each process's items and limits, and, when
 * every process runs on this machine (a local or local-cluster master), the machine's memory,
 * which their heaps and off-heap memory share.
 *
 * @param inputs lines naming the figures the plan is computed from
 * @param sizes the sizes it is computed for
 * @param processes the driver, then the executors (one entry for all alike)
 * @param machine this machine's memory when every process runs on it
 */
public record MemoryPlan(List<String> inputs, PlanSizes sizes, List<ProcessPlan> processes,
    Optional<Limit> machine) {
  public MemoryPlan {
    inputs = List.copyOf(inputs);
    processes = List.copyOf(processes);
  }

  /**
   * Bytes the processes take from the machine: each one's whole heap (a JVM may grow to it) and
   * its off-heap items, times its instances.
   */
  public long machineNeed() {
    long total = 0;
    for (ProcessPlan p : processes) {
      long heap = p.limit(Place.HEAP).map(Limit::bytes).orElse(p.total(Place.HEAP));
      total += p.instances() * (heap + p.total(Place.OFF_HEAP));
    }
    return total;
  }

  /** Everything that does not fit: each process's places, then the machine. */
  public List<Misfit> misfits() {
    List<Misfit> out = new ArrayList<>();
    processes.forEach(p -> out.addAll(p.misfits()));
    machine.ifPresent(m -> {
      long need = machineNeed();
      if (need > m.bytes()) {
        List<MemoryItem> offHeap = processes.stream().flatMap(p -> p.items().stream())
            .filter(i -> i.place() == Place.OFF_HEAP)
            .sorted(Comparator.comparingLong(MemoryItem::bytes).reversed())
            .limit(Misfit.NAMED_ITEMS).toList();
        out.add(new Misfit("this machine (heaps and off-heap memory together)", need, m,
            offHeap));
      }
    });
    return out;
  }

  /** True when every checked place fits. */
  public boolean fits() {
    return misfits().isEmpty();
  }
}
