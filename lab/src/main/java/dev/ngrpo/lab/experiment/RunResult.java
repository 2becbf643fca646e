package dev.ngrpo.lab.experiment;

import dev.ngrpo.orchestrator.train.EvalResult;
import java.util.List;

/**
 * One method trained with one seed.
 *
 * @param method the method's name
 * @param seed the run seed
 * @param finalEval held-out accuracy and pass@k of the final weights (n samples per problem)
 * @param greedyCurve greedy held-out accuracy by training steps done, {@code [steps, accuracy]}
 *     (the first point is the base model)
 * @param takeOffStep the first evaluated step from which greedy accuracy stays above the base
 *     model's plus the take-off margin ({@link TakeOff#step}), or -1 when it never did
 * @param doublingStep the first evaluated step whose greedy accuracy is at least twice the
 *     base model's, or -1 when it never was ({@link TakeOff#doublingStep})
 * @param steps per-step training figures: {@code step, all-wrong fraction, entropy, mean
 *     response length, positive clip fraction, negative clip fraction}; one row per step trained
 * @param generatedGroups groups generated over the run (every rollout round, filtered ones too)
 * @param generatedTokens response tokens generated over the run (the steps'
 *     {@code rollout.tokens} summed)
 * @param seconds wall time of the run (training and evaluations)
 */
public record RunResult(String method, long seed, EvalResult finalEval,
    List<double[]> greedyCurve, long takeOffStep, long doublingStep, List<double[]> steps,
    long generatedGroups, long generatedTokens, double seconds) {

  /** Columns of {@link #steps()}. */
  public static final List<String> STEP_COLUMNS = List.of("step", "all-wrong fraction",
      "entropy", "response length", "clip fraction (A > 0)", "clip fraction (A < 0)");

  /**
   * This run with its take-off and doubling steps measured from a base model's greedy held-out
   * accuracy and a take-off margin (they depend on the experiment, not on the run).
   */
  public RunResult measuredFrom(double baseAccuracy, double takeOffMargin) {
    return new RunResult(method, seed, finalEval, greedyCurve,
        TakeOff.step(greedyCurve, baseAccuracy, takeOffMargin),
        TakeOff.doublingStep(greedyCurve, baseAccuracy), steps, generatedGroups,
        generatedTokens, seconds);
  }

  /** File names of the plots of {@link #STEP_COLUMNS} (index 0, the step, has none). */
  public static final List<String> STEP_PLOTS = List.of("", "all-wrong-fraction", "entropy",
      "response-length", "clip-fraction-positive", "clip-fraction-negative");
}
