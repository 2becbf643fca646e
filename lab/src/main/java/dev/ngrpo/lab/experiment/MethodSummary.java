package dev.ngrpo.lab.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One method over its seeds: how many took off ({@link TakeOff}) with a 95% Wilson interval of
 * that fraction ({@link Statistics#wilson95}), the mean final accuracy with a 95% Student-t
 * interval ({@link Statistics#interval95}), mean pass@k, and what it generated.
 *
 * @param method the method's name
 * @param seeds runs summarized, one per seed
 * @param tookOff runs that took off
 * @param tookOffLow lower end of the 95% Wilson interval of {@code tookOff / seeds}
 * @param tookOffHigh its upper end
 * @param accuracy mean final accuracy
 * @param accuracyLow lower end of its 95% t interval (NaN with one seed)
 * @param accuracyHigh its upper end
 * @param passAtK mean pass@k for every k of the final evaluation
 * @param passAtKSd sample standard deviation of pass@k over seeds
 * @param steps mean training steps done
 * @param generatedGroups mean groups generated per run (every rollout round)
 * @param generatedTokens mean response tokens generated per run (every rollout round)
 */
public record MethodSummary(String method, int seeds, int tookOff, double tookOffLow,
    double tookOffHigh, double accuracy, double accuracyLow, double accuracyHigh,
    Map<Integer, Double> passAtK, Map<Integer, Double> passAtKSd, double steps,
    double generatedGroups, double generatedTokens) {

  /** The summary of {@code runs} (the runs of {@code method}, one per seed). */
  public static MethodSummary of(String method, List<RunResult> runs, List<Integer> ks) {
    int tookOff = (int) runs.stream().filter(r -> r.takeOffStep() >= 0).count();
    double[] wilson = Statistics.wilson95(tookOff, runs.size());
    double[] accuracies = runs.stream().mapToDouble(r -> r.finalEval().accuracy()).toArray();
    double[] interval = Statistics.interval95(accuracies);
    Map<Integer, Double> pass = new LinkedHashMap<>();
    Map<Integer, Double> passSd = new LinkedHashMap<>();
    for (int k : ks) {
      double[] p = runs.stream().mapToDouble(r -> r.finalEval().passAtK().get(k)).toArray();
      pass.put(k, Statistics.mean(p));
      passSd.put(k, Statistics.sd(p));
    }
    return new MethodSummary(method, runs.size(), tookOff, wilson[0], wilson[1],
        Statistics.mean(accuracies), interval[0], interval[1], pass, passSd,
        mean(runs, r -> r.steps().size()), mean(runs, RunResult::generatedGroups),
        mean(runs, RunResult::generatedTokens));
  }

  private static double mean(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
    return Statistics.mean(runs.stream().mapToDouble(f).toArray());
  }
}
