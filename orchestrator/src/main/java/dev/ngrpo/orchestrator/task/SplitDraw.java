package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.core.random.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * How a built-in task draws its splits from its numbered problems.
 *
 * <p>Split, disjoint by construction: a problem belongs to the test split when a fixed hash of
 * its split key (its canonical text, {@link Problem#splitKey()}), taken modulo one million, is
 * below {@code testFraction * 10^6}; otherwise to train. Neither the seed nor the sizes enter,
 * so the splits never share a problem whatever a run asks for.
 *
 * <p>Order, deterministic: the problems are visited in the order of a {@link SeededPermutation}
 * of the seed, and a split takes the first {@code n} that belong to it; so prompts are
 * distinct, and a seed gives the same list on every JVM. Asking for more problems than the
 * split has fails with the number it has.
 */
final class SplitDraw {
  private static final long PARTS = 1_000_000;

  /** A problem of a built-in task, as the draw needs it. */
  interface Problem {
    /** The canonical text whose hash decides the split. */
    String splitKey();

    /** This problem as the {@code index}-th prompt of its split. */
    Prompt toPrompt(long index);
  }

  private final long seed;
  private final int trainSize;
  private final int testSize;
  private final long testParts;

  /**
   * @param task the task's name, for messages
   * @param seed chooses the order of problems (not the split)
   * @param trainSize number of train prompts, {@code >= 1}
   * @param testSize number of test prompts, {@code >= 0}
   * @param testFraction share of problems that belong to the test split, in
   *     {@code [1e-6, 1 - 1e-6]}
   */
  SplitDraw(String task, long seed, int trainSize, int testSize, double testFraction) {
    if (trainSize < 1 || testSize < 0) {
      throw new IllegalArgumentException(task + " task sizes must be train >= 1, test >= 0, "
          + "got train " + trainSize + ", test " + testSize);
    }
    this.seed = seed;
    this.trainSize = trainSize;
    this.testSize = testSize;
    this.testParts = Math.round(testFraction * PARTS);
    if (!(testFraction > 0 && testFraction < 1) || testParts == 0 || testParts == PARTS) {
      throw new IllegalArgumentException(
          "test fraction must be in (1e-6, 1 - 1e-6), got " + testFraction);
    }
  }

  /**
   * The prompts of {@code split} drawn from the problems {@code problem(0 .. space - 1)}.
   *
   * @param source what the problems are, for the message when there are too few
   *     ({@code "arithmetic level medium"})
   * @param remedy how to get more, for that message ({@code "pick a harder level"})
   */
  List<Prompt> prompts(Split split, long space, LongFunction<? extends Problem> problem,
      String source, String remedy) {
    int wanted = split == Split.TRAIN ? trainSize : testSize;
    List<Prompt> prompts = new ArrayList<>(wanted);
    SeededPermutation order = new SeededPermutation(space, seed);
    for (long k = 0; k < space && prompts.size() < wanted; k++) {
      Problem p = problem.apply(order.at(k));
      if (of(p.splitKey()) == split) {
        prompts.add(p.toPrompt(prompts.size()));
      }
    }
    if (prompts.size() < wanted) {
      throw new IllegalArgumentException(source + " has only " + prompts.size() + " distinct "
          + split.name().toLowerCase(Locale.ROOT) + " problems (test fraction "
          + (double) testParts / PARTS + "), but " + wanted + " were asked for; lower the size"
          + " or " + remedy);
    }
    return prompts;
  }

  /** The split of the problem whose split key is {@code key}. */
  Split of(String key) {
    long h = SplitMix64.mix64(fnv1a(key));
    return Long.remainderUnsigned(h, PARTS) < testParts ? Split.TEST : Split.TRAIN;
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
