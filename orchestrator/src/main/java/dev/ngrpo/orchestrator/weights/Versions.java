package dev.ngrpo.orchestrator.weights;

/**
 * Policy versions only grow: executors cache a policy by its version, so publishing other
 * weights under a version they may hold would make them generate with stale weights.
 */
final class Versions {
  private Versions() {}

  /** {@code next}, after checking it is above {@code last}. */
  static long checkIncreasing(long last, long next) {
    if (next <= last) {
      throw new IllegalStateException("weights version " + next + " published after version "
          + last + ": versions must increase, executors cache policies by version");
    }
    return next;
  }
}
