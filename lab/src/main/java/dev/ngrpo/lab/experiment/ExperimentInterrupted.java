package dev.ngrpo.lab.experiment;

/**
 * A termination signal stopped an experiment in the middle of a run. That run is incomplete, so
 * it is not kept as a result; the finished runs are, and the same command trains the rest.
 */
public final class ExperimentInterrupted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What a termination signal leaves and how to go on. */
  static final String WHAT_NOW = "this run is incomplete and is not kept; every finished run"
      + " is, and running the same experiment command again trains only the rest (this run"
      + " from its start)";

  ExperimentInterrupted(String run) {
    super("stopped by a termination signal while training " + run + ": " + WHAT_NOW);
  }
}
