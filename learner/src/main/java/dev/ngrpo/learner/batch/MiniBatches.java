package dev.ngrpo.learner.batch;

import dev.ngrpo.core.random.SplitMix64;
import java.util.Random;

/**
 * Splits a step's groups into mini-batches (docs/algorithm.md section 4): whole groups only, since a
 * group is the unit of the advantage statistics, as evenly as possible (sizes differ by at most
 * one, larger ones first), after an optional shuffle whose seed derives from the run seed, the
 * step and the epoch, so a resumed or repeated run splits the same way.
 */
public final class MiniBatches {
  private MiniBatches() {}

  /**
   * Group indices of each mini-batch.
   *
   * @param groupCount groups in the step, {@code >= 0}
   * @param miniBatches wanted mini-batches, {@code >= 1}; fewer come back when there are fewer
   *     groups (never an empty mini-batch)
   * @param shuffle whether to permute the groups first
   * @param seed the permutation's seed, see {@link #seed}
   * @return {@code [min(miniBatches, groupCount)][]} group indices
   */
  public static int[][] split(int groupCount, int miniBatches, boolean shuffle, long seed) {
    if (groupCount < 0) {
      throw new IllegalArgumentException("group count must be >= 0, got " + groupCount);
    }
    if (miniBatches < 1) {
      throw new IllegalArgumentException("mini-batches must be >= 1, got " + miniBatches);
    }
    int[] order = new int[groupCount];
    for (int i = 0; i < groupCount; i++) {
      order[i] = i;
    }
    if (shuffle) {
      Random random = new Random(seed);
      for (int i = groupCount - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    int batches = Math.min(miniBatches, groupCount);
    int[][] out = new int[batches][];
    int next = 0;
    for (int b = 0; b < batches; b++) {
      int size = groupCount / batches + (b < groupCount % batches ? 1 : 0);
      out[b] = new int[size];
      System.arraycopy(order, next, out[b], 0, size);
      next += size;
    }
    return out;
  }

  /**
   * The shuffle seed of one epoch of one step: SplitMix64's finalizer over the three inputs, so
   * neighbouring steps get unrelated permutations.
   */
  public static long seed(long runSeed, long step, int epoch) {
    long z = SplitMix64.mix64(runSeed + SplitMix64.GOLDEN);
    return SplitMix64.fold(SplitMix64.fold(z, step), epoch);
  }
}
