package dev.ngrpo.orchestrator.spark;

import dev.ngrpo.core.data.RolloutGroup;
import java.util.List;

/**
 * The groups of one rollout stage and where its time went.
 *
 * @param groups the groups, sorted by prompt index
 * @param partitions the stage's tasks
 * @param wallSeconds the stage on the driver's clock, from job submission to collected groups
 * @param busiestPartitionSeconds generation + verification of the partition that had the most:
 *     the part of the stage no scheduling could shorten; the rest of {@code wallSeconds} is
 *     orchestration (scheduling, weight loading, serialization, collect) and idle cores
 * @param generationSeconds generation summed over every group (executor-seconds)
 * @param verificationSeconds verification summed over every group (executor-seconds)
 */
public record RolloutStage(List<RolloutGroup> groups, int partitions, double wallSeconds,
    double busiestPartitionSeconds, double generationSeconds, double verificationSeconds) {

  /**
   * Measures a stage from its groups as collected, partition after partition, each partition
   * holding one group per prompt of its slice.
   *
   * @param collected the groups in collection order
   * @param sliceSizes prompts per partition, in partition order
   * @param wallSeconds the stage's wall time
   */
  static RolloutStage of(List<RolloutGroup> collected, int[] sliceSizes, double wallSeconds) {
    double busiest = 0;
    double generation = 0;
    double verification = 0;
    int at = 0;
    for (int size : sliceSizes) {
      double partition = 0;
      for (RolloutGroup g : collected.subList(at, at + size)) {
        generation += g.generationNanos() / 1e9;
        verification += g.verificationNanos() / 1e9;
        partition += (g.generationNanos() + g.verificationNanos()) / 1e9;
      }
      busiest = Math.max(busiest, partition);
      at += size;
    }
    if (at != collected.size()) {
      throw new IllegalStateException("a rollout stage returned " + collected.size()
          + " groups for " + at + " prompts");
    }
    return new RolloutStage(RolloutFunction.sorted(collected), sliceSizes.length, wallSeconds,
        busiest, generation, verification);
  }

  /**
   * Prompts per partition when Spark slices {@code n} prompts into {@code slices} partitions
   * ({@code parallelize}: partition i holds positions {@code [i*n/slices, (i+1)*n/slices)}).
   */
  static int[] sliceSizes(int n, int slices) {
    int[] sizes = new int[slices];
    for (int i = 0; i < slices; i++) {
      sizes[i] = (int) ((long) (i + 1) * n / slices - (long) i * n / slices);
    }
    return sizes;
  }
}
