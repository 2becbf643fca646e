package dev.ngrpo.core.random;

/**
 * SplitMix64 (Steele, Lea and Flood 2014), the generator of {@code SplittableRandom}: its
 * output is {@code mix64(seed + n * GOLDEN)} for the n-th draw, a pure function of the seed and
 * n. Every seed this project derives from the run seed and a position (a step's shuffle, a
 * problem's place in the arithmetic task, a dropout mask) is made here, so that a resumed or
 * repeated run derives the same one on any machine.
 */
public final class SplitMix64 {
  /** The increment, 2^64 over the golden ratio, odd. */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private SplitMix64() {}

  /** Stafford's variant 13 of the MurmurHash3 finalizer: a bijection of the longs. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * {@code mix64(key ^ (value + GOLDEN))}: {@code value} folded into {@code key}, so that
   * chains such as {@code fold(fold(k, step), epoch)} give unrelated seeds for neighbouring
   * values.
   */
  public static long fold(long key, long value) {
    return mix64(key ^ (value + GOLDEN));
  }
}
