package dev.ngrpo.orchestrator.data;

import dev.ngrpo.core.data.PromptTask;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic walk through a prompt set: epoch e visits every prompt once, in an order
 * shuffled by (seed, e); {@link #next} takes the next B prompts, continuing into the next
 * epoch when one ends. The position is two numbers (epoch, offset), saved in checkpoints, so a
 * resumed run draws exactly the prompts the uninterrupted run would have.
 */
public final class PromptCursor {
  private final PromptSet set;
  private final long seed;
  private long epoch;
  private int offset;
  private int[] order;

  /** A cursor at the start of epoch 0. */
  public PromptCursor(PromptSet set, long seed) {
    this(set, seed, 0, 0);
  }

  /** A cursor at a saved position. */
  public PromptCursor(PromptSet set, long seed, long epoch, int offset) {
    if (set.size() == 0) {
      throw new IllegalArgumentException("no prompts to train on in " + set.name());
    }
    if (offset < 0 || offset > set.size()) {
      throw new IllegalArgumentException("cursor offset " + offset + " outside [0, "
          + set.size() + "] of " + set.name() + ": the checkpoint was made with another dataset");
    }
    this.set = set;
    this.seed = seed;
    this.epoch = epoch;
    this.offset = offset;
    this.order = permutation(epoch);
  }

  /** The next {@code count} prompts. */
  public List<PromptTask> next(int count) {
    List<PromptTask> out = new ArrayList<>(count);
    while (out.size() < count) {
      if (offset == set.size()) {
        epoch++;
        offset = 0;
        order = permutation(epoch);
      }
      out.add(set.tasks().get(order[offset++]));
    }
    return out;
  }

  /** Current epoch (0-based). */
  public long epoch() {
    return epoch;
  }

  /** Prompts of the current epoch already drawn. */
  public int offset() {
    return offset;
  }

  private int[] permutation(long e) {
    int n = set.size();
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
