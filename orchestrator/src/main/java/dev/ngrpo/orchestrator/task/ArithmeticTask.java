package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.data.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The built-in synthetic task: integer addition, subtraction and multiplication at a
 * difficulty {@link ArithmeticLevel}, in the format of {@link ArithmeticProblem} (prompt
 * {@code "37+45="}, answer {@code "82"}), scored by the {@code arithmetic} verifier.
 *
 * <p>Split, disjoint by construction ({@link HashSplit}): a problem belongs to the test split
 * when a fixed hash of its canonical text ({@code "37+45"}), taken modulo one million, is below
 * {@code test-fraction * 10^6}; otherwise to train. The hash involves neither the seed nor
 * the sizes, so no problem is ever in both splits, whatever the seed or sizes.
 *
 * <p>Order, deterministic: the level's problems are visited in the order of a
 * {@link SeededPermutation} of the seed, and a split takes the first {@code n} problems that
 * belong to it; so prompts are distinct, and a seed gives the same list on every JVM. Asking
 * for more problems than the split has fails with the number it has.
 */
public final class ArithmeticTask implements Task {
  /** The task's name and the {@link Prompt#taskName()} of its prompts. */
  public static final String NAME = "arithmetic";

  private final ArithmeticLevel level;
  private final long seed;
  private final int trainSize;
  private final int testSize;
  private final HashSplit splits;

  /**
   * @param level digits and operations
   * @param seed chooses the order of problems (not the split)
   * @param trainSize number of train prompts, {@code >= 1}
   * @param testSize number of test prompts, {@code >= 0}
   * @param testFraction share of all problems that belong to the test split, in {@code (0, 1)}
   */
  public ArithmeticTask(
      ArithmeticLevel level, long seed, int trainSize, int testSize, double testFraction) {
    this.level = Objects.requireNonNull(level, "level");
    this.seed = seed;
    if (trainSize < 1 || testSize < 0) {
      throw new IllegalArgumentException("arithmetic task sizes must be train >= 1, test >= 0, "
          + "got train " + trainSize + ", test " + testSize);
    }
    this.trainSize = trainSize;
    this.testSize = testSize;
    this.splits = new HashSplit(testFraction);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The difficulty this task draws from. */
  public ArithmeticLevel level() {
    return level;
  }

  @Override
  public List<Prompt> prompts(Split split) {
    int wanted = split == Split.TRAIN ? trainSize : testSize;
    List<Prompt> prompts = new ArrayList<>(wanted);
    long space = level.problemCount();
    SeededPermutation order = new SeededPermutation(space, seed);
    for (long k = 0; k < space && prompts.size() < wanted; k++) {
      ArithmeticProblem p = level.problem(order.at(k));
      if (splitOf(p) == split) {
        prompts.add(p.toPrompt(prompts.size()));
      }
    }
    if (prompts.size() < wanted) {
      throw new IllegalArgumentException("arithmetic level " + level.name() + " has only "
          + prompts.size() + " distinct " + split.name().toLowerCase(Locale.ROOT)
          + " problems (test fraction " + splits.testFraction() + "), but " + wanted
          + " were asked for; lower the size or pick a harder level");
    }
    return prompts;
  }

  /** The split {@code problem} belongs to under this task's test fraction. */
  public Split splitOf(ArithmeticProblem problem) {
    return splits.of(problem.text());
  }
}
