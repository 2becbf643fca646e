package dev.ngrpo.core.model;

import dev.ngrpo.core.random.SplitMix64;

/**
 * A forward pass whose loss is back-propagated: the one pass where LoRA dropout acts (PEFT's
 * {@code train()} mode; {@link AdapterDropout}). It names what the dropout masks are a function
 * of: the pass's seed and, for each batch row, the row's index among the step's training rows.
 * Keying masks by row rather than by batch position keeps them the same whichever rows share
 * the micro-batch, so {@code micro-batch-size} stays a memory setting.
 */
public final class TrainingPass {
  /** Sets dropout seeds apart from the other seeds made of the same run seed. */
  private static final long DROPOUT_SALT = 0x4C6F5241L;

  private final long seed;
  private final int[] rows;

  /**
   * @param seed the pass's seed, {@link #seed(long, long, int)}
   * @param rows each batch row's index among the step's rows, in batch order
   */
  public TrainingPass(long seed, int[] rows) {
    this.seed = seed;
    this.rows = rows.clone();
  }

  /**
   * The seed of one epoch of one step: SplitMix64 folded over the run seed (salted), the step
   * and the epoch, so each epoch of each step draws fresh masks, and a retried step or a
   * resumed run draws the same ones.
   */
  public static long seed(long runSeed, long step, int epoch) {
    long z = SplitMix64.mix64((runSeed ^ DROPOUT_SALT) + SplitMix64.GOLDEN);
    return SplitMix64.fold(SplitMix64.fold(z, step), epoch);
  }

  public long seed() {
    return seed;
  }

  /** Rows B of the batch. */
  public int size() {
    return rows.length;
  }

  /** The step's index of batch row {@code b}. */
  public int row(int b) {
    return rows[b];
  }
}
