package dev.ngrpo.rollout.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.rollout.verify.TimeLimitedVerifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The function Spark runs on each partition of a step's prompts
 * ({@code Iterator<PromptTask> -> Iterator<RolloutGroup>}): picks the task's device, leases the
 * policy of the published weights' version from the JVM's {@link PolicyCache}, and rolls out every prompt
 * of the partition with a {@link RolloutWorker}.
 */
public final class RolloutPartition {
  private static volatile int appliedThreads;

  private RolloutPartition() {}

  /**
   * Rolls out one partition.
   *
   * @param gpuAddresses the task's assigned {@code gpu} addresses (empty: CPU)
   */
  public static Iterator<RolloutGroup> run(Iterator<PromptTask> tasks, RolloutJob job,
      PublishedWeights weights, String[] gpuAddresses) {
    List<PromptTask> list = new ArrayList<>();
    tasks.forEachRemaining(list::add);
    if (list.isEmpty()) {
      return List.<RolloutGroup>of().iterator();
    }
    applyThreads(job.rollout().torchThreads());
    Device device = TaskDevice.of(gpuAddresses);
    try (ModelLease lease =
            PolicyCache.shared().acquire(job.runId(), weights.version(), device,
                job.frozen().on(device), weights.source());
        Tokenizer tokenizer = job.tokenizer().load();
        TimeLimitedVerifier verifier = TimeLimitedVerifier.of(job.verifier())) {
      RolloutWorker worker = new RolloutWorker(job.rollout(), job.stopIds(), tokenizer, verifier);
      List<RolloutGroup> groups =
          worker.rollout(lease.model(), weights.version(), list, job.runSeed(), job.step());
      RolloutCounters.record(groups);
      return groups.iterator();
    }
  }

  /**
   * Sets PyTorch's intra-op threads once per JVM when configured (it is a process setting).
   * The engine is started first: it loads the native library that {@link JniUtils} calls into,
   * which an executor JVM has not done before its first model is built.
   */
  private static void applyThreads(int threads) {
    if (threads > 0 && threads != appliedThreads) {
      synchronized (RolloutPartition.class) {
        if (threads != appliedThreads) {
          Engine.getEngine("PyTorch");
          JniUtils.setNumThreads(threads);
          appliedThreads = threads;
        }
      }
    }
  }
}
