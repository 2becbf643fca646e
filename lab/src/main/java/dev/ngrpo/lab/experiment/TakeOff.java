package dev.ngrpo.lab.experiment;

import java.util.List;

/**
 * When a run "took off": the first evaluated step {@code s > 0} whose greedy held-out accuracy
 * is above {@code base + margin} and stays above it at every later evaluation.
 *
 * <p>The "stays" part is the point: a run that spikes over the line once and falls back under
 * it has not learned the task, and counting it would let noise at one evaluation decide. A run
 * whose seeds split between take-off and stall shows up as a fraction of seeds, where a mean
 * accuracy would blur the two into a middling number.
 */
public final class TakeOff {
  private TakeOff() {}

  /**
   * The take-off step of {@code curve}, or -1 when it never took off (also when its last
   * evaluation is not above the line).
   *
   * @param curve {@code [step, accuracy]} rows in step order; rows at step 0 (the base) are
   *     ignored
   * @param base the base model's greedy held-out accuracy
   * @param margin how far above {@code base} the accuracy must stay, e.g. 0.10
   */
  public static long step(List<double[]> curve, double base, double margin) {
    double line = base + margin;
    long takeOff = -1;
    for (double[] point : curve) {
      if (point[0] <= 0) {
        continue;
      }
      if (point[1] > line) {
        takeOff = takeOff < 0 ? (long) point[0] : takeOff;
      } else {
        takeOff = -1;
      }
    }
    return takeOff;
  }

  /**
   * The first evaluated step {@code s > 0} whose greedy accuracy is at least twice {@code base},
   * or -1 when none was (or the base is 0). An older, looser signal than {@link #step}: once is
   * enough.
   */
  public static long doublingStep(List<double[]> curve, double base) {
    for (double[] point : curve) {
      if (point[0] > 0 && base > 0 && point[1] >= 2 * base) {
        return (long) point[0];
      }
    }
    return -1;
  }
}
