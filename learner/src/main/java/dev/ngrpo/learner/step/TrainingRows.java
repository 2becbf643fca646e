package dev.ngrpo.learner.step;

import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.learner.advantage.AdvantageEstimator;
import dev.ngrpo.learner.reward.GroupRewards;
import java.util.Arrays;
import java.util.List;

/**
 * The responses of a step's kept groups, one row each, with the advantage each token of the
 * row receives. Rows of a group are consecutive, so mini-batches of whole groups are ranges of
 * group indices mapped to rows.
 */
final class TrainingRows {
  final int[][] prompts;
  final int[][] responses;
  final float[][] samplerLogProbs;
  /** {@code [rows]} each response's reward (its score times r_max, shaped). */
  final float[] rewards;
  /**
   * {@code [rows]} a group estimator's advantage of each response, which all its tokens get;
   * null for PPO, whose advantages differ from token to token.
   */
  final float[] responseAdvantages;
  /** {@code [rows][len_r]} the advantage of each token; PPO's critic fills it in. */
  final float[][] advantages;
  private final int[] firstRow;

  private TrainingRows(int rows, int groups, boolean perResponse) {
    prompts = new int[rows][];
    responses = new int[rows][];
    samplerLogProbs = new float[rows][];
    rewards = new float[rows];
    responseAdvantages = perResponse ? new float[rows] : null;
    advantages = new float[rows][];
    firstRow = new int[groups + 1];
  }

  /**
   * Flattens {@code groups}: scores become {@code rewards}, then each group's advantages are
   * computed by {@code estimator} and copied to every token of their responses; an estimator
   * that needs the critic leaves {@link #advantages} to it.
   */
  static TrainingRows of(List<RolloutGroup> groups, GroupRewards rewards,
      AdvantageEstimator estimator) {
    int n = 0;
    for (RolloutGroup g : groups) {
      n += g.groupSize();
    }
    boolean perResponse = !estimator.needsCritic();
    TrainingRows t = new TrainingRows(n, groups.size(), perResponse);
    int row = 0;
    for (int gi = 0; gi < groups.size(); gi++) {
      RolloutGroup g = groups.get(gi);
      t.firstRow[gi] = row;
      float[] r = rewards.of(g);
      float[] adv = perResponse ? estimator.advantages(g.promptId(), r) : null;
      for (int i = 0; i < g.groupSize(); i++, row++) {
        t.prompts[row] = g.promptTokens();
        t.responses[row] = g.responseTokens()[i];
        t.samplerLogProbs[row] = g.samplerLogProbs()[i];
        t.rewards[row] = r[i];
        if (perResponse) {
          t.responseAdvantages[row] = adv[i];
          t.advantages[row] = new float[t.responses[row].length];
          Arrays.fill(t.advantages[row], adv[i]);
        }
      }
    }
    t.firstRow[groups.size()] = row;
    return t;
  }

  int rows() {
    return responses.length;
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
