package dev.ngrpo.lab.experiment;

/**
 * A termination signal stopped an experiment in the middle of a run. That run is incomplete, so
 * it is not kept as a result; the finished runs are, and the same command trains the rest.
 */
public final class ExperimentInterrupted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ExperimentInterrupted(String run) {
    super("stopped by a termination signal while training " + run + ": that run is incomplete"
        + " and is trained again from its start by the next invocation; every finished run is"
        + " kept, and running the same experiment command again trains only the rest");
  }
}
