package dev.ngrpo.orchestrator.metrics;

import static dev.ngrpo.core.data.MetricNames.ACCURACY;
import static dev.ngrpo.core.data.MetricNames.GROUPS_ALL_CORRECT;
import static dev.ngrpo.core.data.MetricNames.GROUPS_ALL_WRONG;
import static dev.ngrpo.core.data.MetricNames.GROUPS_MIXED;
import static dev.ngrpo.core.data.MetricNames.REWARD_MEAN;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN;
import static dev.ngrpo.core.data.MetricNames.TIME_ROLLOUT;
import static dev.ngrpo.core.data.MetricNames.TIME_STEP;
import static dev.ngrpo.core.data.MetricNames.TOKENS_PER_SECOND;

import dev.ngrpo.core.data.StepMetrics;

/** The one console line per step: progress, reward, group composition, speed and ETA. */
public final class ProgressLine {
  private ProgressLine() {}

  /**
   * @param doneSteps steps finished in this process (for the ETA)
   * @param elapsedSeconds seconds those steps took
   */
  public static String of(StepMetrics m, int totalSteps, int doneSteps, double elapsedSeconds) {
    long remaining = totalSteps - (m.step() + 1);
    double eta = doneSteps == 0 ? 0 : elapsedSeconds / doneSteps * remaining;
    return String.format("step %d/%d  reward %.3f  acc %.3f  groups wrong/mixed/correct"
            + " %d/%d/%d  %.1fs (rollout %.1fs, learn %.1fs)  %.0f tok/s  ETA %s",
        m.step() + 1, totalSteps, m.get(REWARD_MEAN), m.get(ACCURACY),
        (long) m.get(GROUPS_ALL_WRONG), (long) m.get(GROUPS_MIXED),
        (long) m.get(GROUPS_ALL_CORRECT), m.get(TIME_STEP), m.get(TIME_ROLLOUT),
        m.get(TIME_LEARN), m.get(TOKENS_PER_SECOND), duration(eta));
  }

  /** {@code 1h02m}, {@code 3m05s}, {@code 42s}. */
  public static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
