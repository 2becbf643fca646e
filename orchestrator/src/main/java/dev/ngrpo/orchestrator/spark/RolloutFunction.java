package dev.ngrpo.orchestrator.spark;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.rollout.worker.PublishedWeights;
import dev.ngrpo.rollout.worker.RolloutJob;
import dev.ngrpo.rollout.worker.RolloutPartition;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.resource.ResourceInformation;

/**
 * What each rollout task runs: the partition's prompts through {@link RolloutPartition} with
 * the task's assigned GPUs. Captures only the job description and the published weights
 * handle.
 */
public final class RolloutFunction implements FlatMapFunction<Iterator<PromptTask>, RolloutGroup> {
  private static final long serialVersionUID = 1L;

  private final RolloutJob job;
  private final PublishedWeights weights;

  public RolloutFunction(RolloutJob job, PublishedWeights weights) {
    this.job = job;
    this.weights = weights;
  }

  @Override
  public Iterator<RolloutGroup> call(Iterator<PromptTask> tasks) {
    return RolloutPartition.run(tasks, job, weights, gpuAddresses());
  }

  /** The {@code gpu} resource addresses Spark assigned to the running task, if any. */
  static String[] gpuAddresses() {
    TaskContext context = TaskContext.get();
    if (context == null) {
      return new String[0];
    }
    scala.Option<ResourceInformation> gpu = context.resources().get("gpu");
    return gpu.isDefined() ? gpu.get().addresses() : new String[0];
  }

  /** The groups sorted by prompt index, as the learner expects them. */
  static List<RolloutGroup> sorted(List<RolloutGroup> groups) {
    return groups.stream()
        .sorted(Comparator.comparingLong(RolloutGroup::promptIndex)).toList();
  }
}
