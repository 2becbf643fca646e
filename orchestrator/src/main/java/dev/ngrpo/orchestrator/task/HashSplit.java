package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.random.SplitMix64;

/**
 * Which split a problem belongs to, decided by the problem alone: a fixed hash of its
 * canonical text, taken modulo one million, below {@code testFraction * 10^6} is test, else
 * train. Neither the seed nor the sizes enter, so the built-in tasks' splits never share a
 * problem whatever a run asks for.
 */
final class HashSplit {
  private static final long PARTS = 1_000_000;

  private final long testParts;

  /**
   * @param testFraction share of problems that belong to the test split, in
   *     {@code [1e-6, 1 - 1e-6]}
   */
  HashSplit(double testFraction) {
    this.testParts = Math.round(testFraction * PARTS);
    if (!(testFraction > 0 && testFraction < 1) || testParts == 0 || testParts == PARTS) {
      throw new IllegalArgumentException(
          "test fraction must be in (1e-6, 1 - 1e-6), got " + testFraction);
    }
  }

  /** The split of the problem whose canonical text is {@code text}. */
  Split of(String text) {
    long h = SplitMix64.mix64(fnv1a(text));
    return Long.remainderUnsigned(h, PARTS) < testParts ? Split.TEST : Split.TRAIN;
  }

  /** The test share as the split applies it (rounded to millionths). */
  double testFraction() {
    return (double) testParts / PARTS;
  }

  /** 64-bit FNV-1a of the UTF-16 code units: fixed forever, as the splits depend on it. */
  private static long fnv1a(String s) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001B3L;
    }
    return h;
  }
}
