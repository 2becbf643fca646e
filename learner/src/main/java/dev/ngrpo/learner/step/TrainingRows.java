package dev.ngrpo.learner.step;

import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.learner.advantage.AdvantageEstimator;
import dev.ngrpo.learner.reward.GroupRewards;
import java.util.List;

/**
 * The responses of a step's kept groups, one row each, with the advantage every token of the
 * row receives. Rows of a group are consecutive, so mini-batches of whole groups are ranges of
 * group indices mapped to rows.
 */
final class TrainingRows {
  final int[][] prompts;
  final int[][] responses;
  final float[][] samplerLogProbs;
  final float[] advantages;
  private final int[] firstRow;

  private TrainingRows(int rows, int groups) {
    prompts = new int[rows][];
    responses = new int[rows][];
    samplerLogProbs = new float[rows][];
    advantages = new float[rows];
    firstRow = new int[groups + 1];
  }

  /**
   * Flattens {@code groups}: scores become {@code rewards}, then each group's advantages are
   * computed by {@code estimator}.
   */
  static TrainingRows of(List<RolloutGroup> groups, GroupRewards rewards,
      AdvantageEstimator estimator) {
    int n = 0;
    for (RolloutGroup g : groups) {
      n += g.groupSize();
    }
    TrainingRows t = new TrainingRows(n, groups.size());
    int row = 0;
    for (int gi = 0; gi < groups.size(); gi++) {
      RolloutGroup g = groups.get(gi);
      t.firstRow[gi] = row;
      float[] adv = estimator.advantages(g.promptId(), rewards.of(g));
      for (int i = 0; i < g.groupSize(); i++, row++) {
        t.prompts[row] = g.promptTokens();
        t.responses[row] = g.responseTokens()[i];
        t.samplerLogProbs[row] = g.samplerLogProbs()[i];
        t.advantages[row] = adv[i];
      }
    }
    t.firstRow[groups.size()] = row;
    return t;
  }

  int rows() {
    return advantages.length;
  }

  /** The rows of the groups {@code groupIndices}, in that order. */
  int[] rowsOf(int[] groupIndices) {
    int count = 0;
    for (int g : groupIndices) {
      count += firstRow[g + 1] - firstRow[g];
    }
    int[] out = new int[count];
    int k = 0;
    for (int g : groupIndices) {
      for (int r = firstRow[g]; r < firstRow[g + 1]; r++) {
        out[k++] = r;
      }
    }
    return out;
  }

  /** Response lengths of {@code rows}. */
  int[] lengths(int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = responses[rows[i]].length;
    }
    return out;
  }

  /** {@code source[rows[i]]} for each i. */
  static <T> T[] select(T[] source, int[] rows, T[] into) {
    for (int i = 0; i < rows.length; i++) {
      into[i] = source[rows[i]];
    }
    return into;
  }
}
