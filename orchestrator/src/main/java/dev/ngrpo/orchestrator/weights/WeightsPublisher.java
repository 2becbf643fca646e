package dev.ngrpo.orchestrator.weights;

import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.rollout.worker.PublishedWeights;

/** Makes a new policy version available to the executors, retiring the previous one. */
public interface WeightsPublisher extends AutoCloseable {
  /** Publishes {@code model}'s current weights as {@code version}. */
  PublishedWeights publish(long version, PolicyModel model);

  /** Releases whatever the last publication holds. */
  @Override
  void close();
}
