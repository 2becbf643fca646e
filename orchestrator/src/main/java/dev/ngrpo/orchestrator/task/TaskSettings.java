package dev.ngrpo.orchestrator.task;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;

/**
 * The {@code ngrpo.task} section: the built-in task used when {@code ngrpo.data.format} is
 * {@code builtin}.
 *
 * @param name the task ({@link Tasks#names()})
 * @param seed chooses which problems and in what order
 * @param trainSize number of train prompts
 * @param testSize number of test prompts (0: no held-out set)
 * @param testFraction share of the problem space reserved for the test split
 * @param arithmetic the difficulty of the arithmetic task
 * @param wordProblems the numbers and operations of the word-problem task
 */
public record TaskSettings(
    String name,
    long seed,
    int trainSize,
    int testSize,
    double testFraction,
    ArithmeticLevel arithmetic,
    WordProblemSettings wordProblems) {
  /** The section's path. */
  public static final String PATH = "ngrpo.task";

  /** Reads and checks {@code ngrpo.task} of {@code root}. */
  public static TaskSettings from(Config root) {
    Settings s = Settings.of(root, PATH);
    double testFraction = s.doubleIn("test-fraction", 0, 1);
    if (testFraction < 1e-6 || testFraction > 1 - 1e-6) {
      throw s.bad("test-fraction", "must be strictly between 0 and 1, got " + testFraction);
    }
    return new TaskSettings(
        s.oneOf("name", Tasks.names()),
        s.longValue("seed"),
        s.positiveInt("train-size"),
        s.nonNegativeInt("test-size"),
        testFraction,
        ArithmeticLevel.from(s.section("arithmetic")),
        WordProblemSettings.from(s.section("word-problems")));
  }
}
