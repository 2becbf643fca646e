package dev.ngrpo.rollout.worker;

/**
 * The seed of one sampled response, a function of (run seed, step, prompt index, sample index)
 * only: a Spark task that is retried, or a partition laid out differently, samples exactly the
 * same responses. Each component is mixed in with the 64-bit finalizer of MurmurHash3, so
 * neighbouring indices give unrelated streams.
 */
public final class Seeds {
  private Seeds() {}

  /** The seed of sample {@code sampleIndex} of prompt {@code promptIndex} at {@code step}. */
  public static long of(long runSeed, long step, long promptIndex, int sampleIndex) {
    long h = mix(runSeed ^ 0x6A09E667F3BCC909L);
    h = mix(h ^ step);
    h = mix(h ^ promptIndex);
    return mix(h ^ sampleIndex);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }
}
