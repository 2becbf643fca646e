package dev.ngrpo.orchestrator.train;

/**
 * How a training run ended.
 *
 * @param stepsDone steps executed by this process
 * @param nextStep the step a resumed run would start at
 * @param accuracyBeforeRl held-out accuracy before RL (NaN when not evaluated)
 * @param accuracyAfter held-out accuracy at the end (NaN when not evaluated)
 * @param seconds wall time of this process's run
 * @param output the output folder
 * @param alreadyComplete whether a resume found the run complete and did nothing (no Spark,
 *     no step, no evaluation)
 * @param terminated whether a termination signal ended the run before its last step (it is
 *     incomplete: a resume goes on from its checkpoint)
 */
public record RunSummary(int stepsDone, long nextStep, double accuracyBeforeRl,
    double accuracyAfter, double seconds, String output, boolean alreadyComplete,
    boolean terminated) {

  /** A resume that found all {@code nextStep} steps in the newest checkpoint: nothing ran. */
  static RunSummary alreadyComplete(long nextStep, String output) {
    return new RunSummary(0, nextStep, Double.NaN, Double.NaN, 0, output, true, false);
  }
}
