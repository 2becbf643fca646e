package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.data.Prompt;
import java.util.List;
import java.util.Objects;

/**
 * The built-in synthetic task: integer addition, subtraction and multiplication at a
 * difficulty {@link ArithmeticLevel}, in the format of {@link ArithmeticProblem} (prompt
 * {@code "37+45="}, answer {@code "82"}), scored by the {@code arithmetic} verifier.
 *
 * <p>Split and order as {@link SplitDraw} draws them, keyed by the problem's canonical text
 * ({@code "37+45"}): train and test never share a problem, whatever the seed or sizes, and a
 * seed gives the same prompts on every JVM.
 */
public final class ArithmeticTask implements Task {
  /** The task's name and the {@link Prompt#taskName()} of its prompts. */
  public static final String NAME = "arithmetic";

  private final ArithmeticLevel level;
  private final SplitDraw draw;

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
    this.draw = new SplitDraw(NAME, seed, trainSize, testSize, testFraction);
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
    return draw.prompts(split, level.problemCount(), level::problem,
        "arithmetic level " + level.name(), "pick a harder level");
  }

  /** The split {@code problem} belongs to under this task's test fraction. */
  public Split splitOf(ArithmeticProblem problem) {
    return draw.of(problem.splitKey());
  }
}
