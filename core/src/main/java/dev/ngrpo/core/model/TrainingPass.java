package dev.ngrpo.core.model;

/**
 * A forward pass whose loss is back-propagated: the one pass where LoRA dropout acts (PEFT's
 * {@code train()} mode; {@link AdapterDropout}). It names what the dropout masks are a function
 * of: the pass's seed and, for each batch row, the row's index among the step's training rows.
 * Keying masks by row rather than by batch position keeps them the same whichever rows share
 * the micro-batch, so {@code micro-batch-size} stays a memory setting.
 */
public final class TrainingPass {
  /** SplitMix64's increment, 2^64 over the golden ratio. */
  static final long GOLDEN = 0x9E3779B97F4A7C15L;
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
   * The seed of one epoch of one step: SplitMix64's finalizer chained over the run seed (salted),
   * the step and the epoch, so each epoch of each step draws fresh masks, and a retried step or
   * a resumed run draws the same ones.
   */
  public static long seed(long runSeed, long step, int epoch) {
    long z = mix64((runSeed ^ DROPOUT_SALT) + GOLDEN);
    z = mix64(z ^ (step + GOLDEN));
    return mix64(z ^ (epoch + GOLDEN));
  }

  /** Stafford's variant 13 of the MurmurHash3 finalizer, as in {@code SplittableRandom}. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code mix64(key ^ (value + golden))}: one more input folded into a key. */
  static long fold(long key, long value) {
    return mix64(key ^ (value + GOLDEN));
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
