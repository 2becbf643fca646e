package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.random.SplitMix64;

/**
 * A pseudo-random bijection of {@code [0, size)} chosen by a seed, evaluated one index at a
 * time in O(1) memory: a 4-round balanced Feistel network on the smallest even power of two
 * covering {@code size}, with cycle walking to stay inside {@code [0, size)}. It lets the
 * arithmetic task visit millions of problems in a seeded order without materializing them.
 * The domain is below {@code 4 * size}, so a lookup takes fewer than 4 rounds of walking on
 * average.
 */
final class SeededPermutation {
  private static final int ROUNDS = 4;

  private final long size;
  private final int halfBits;
  private final long halfMask;
  private final long[] roundKeys = new long[ROUNDS];

  SeededPermutation(long size, long seed) {
    if (size < 1 || size > (1L << 62)) {
      throw new IllegalArgumentException("permutation size must be in [1, 2^62], got " + size);
    }
    this.size = size;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
    this.halfBits = (bits + 1) / 2;
    this.halfMask = (1L << halfBits) - 1;
    for (int r = 0; r < ROUNDS; r++) {
      roundKeys[r] = SplitMix64.mix64(seed + (r + 1) * SplitMix64.GOLDEN);
    }
  }

  /** The image of {@code index}, in {@code [0, size)}. */
  long at(long index) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index " + index + " is outside [0, " + size + ")");
    }
    long x = index;
    do {
      x = feistel(x);
    } while (x >= size);
    return x;
  }

  private long feistel(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (long key : roundKeys) {
      long next = left ^ (SplitMix64.mix64(right ^ key) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

}
