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
 */
public record RunSummary(int stepsDone, long nextStep, double accuracyBeforeRl,
    double accuracyAfter, double seconds, String output) {}
