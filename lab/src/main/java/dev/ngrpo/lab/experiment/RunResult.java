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
 * @param doublingStep the first evaluated step whose greedy accuracy is at least twice the
 *     base model's, or -1 when it never was
 * @param steps per-step training figures: {@code step, all-wrong fraction, entropy, mean
 *     response length, positive clip fraction, negative clip fraction}
 * @param seconds wall time of the run (training and evaluations)
 */
public record RunResult(String method, long seed, EvalResult finalEval,
    List<double[]> greedyCurve, long doublingStep, List<double[]> steps, double seconds) {

  /** Columns of {@link #steps()}. */
  public static final List<String> STEP_COLUMNS = List.of("step", "all-wrong fraction",
      "entropy", "response length", "clip fraction (A > 0)", "clip fraction (A < 0)");

  /** File names of the plots of {@link #STEP_COLUMNS} (index 0, the step, has none). */
  public static final List<String> STEP_PLOTS = List.of("", "all-wrong-fraction", "entropy",
      "response-length", "clip-fraction-positive", "clip-fraction-negative");
}
