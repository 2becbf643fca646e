package dev.ngrpo.rollout.worker;

import java.io.Serializable;

/**
 * A policy version as executors see it: a small serializable handle that the rollout closure
 * carries, from which an executor builds the model (once per version, see PolicyCache). The
 * version travels here and nowhere else: the rollout job names no version.
 */
public interface PublishedWeights extends Serializable {
  /** The policy version. */
  long version();

  /** How an executor builds this version. */
  PolicySource source();
}
