package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.data.Prompt;
import java.util.List;
import java.util.Objects;

/**
 * The built-in word-problem task: addition, subtraction and multiplication told as short
 * stories ({@link Story}) and asking for a boxed answer, e.g. "Tom has 17 apples and buys 25
 * more. How many apples does he have? Put the final answer in \boxed{}." with answer
 * {@code "42"}. It is the MATH-style pipeline of the NGRPO paper in miniature: a chat template,
 * {@code \boxed{}} answers and the {@code math} verifier with {@code format = boxed}, on
 * problems a small model can learn from scratch.
 *
 * <p>Problems: for each operation of the settings, each of its 2 stories, 8 people, 8 objects
 * and operands {@code x, y} from 2 to the operation's maximum; an addition tells
 * {@code x + y}, a subtraction {@code (x + y) - y} (the answer is {@code x}), a multiplication
 * {@code x * y}. With the defaults (+ and -, operands to 50) that is
 * {@code 2 * 2 * 8 * 8 * 49 * 49 = 614,656} problems.
 *
 * <p>Split and order as {@link SplitDraw} draws them, keyed by the problem's equation
 * ({@code "17+25"}), not its wording, so a test problem's arithmetic is never trained on under
 * any other name or object.
 */
public final class WordProblemTask implements Task {
  /** The task's name and the {@link Prompt#taskName()} of its prompts. */
  public static final String NAME = "word-problems";

  static final List<Story.Person> PEOPLE = List.of(new Story.Person("Tom", "he"),
      new Story.Person("Anna", "she"), new Story.Person("Ben", "he"),
      new Story.Person("Lisa", "she"), new Story.Person("Sam", "he"),
      new Story.Person("Mia", "she"), new Story.Person("Omar", "he"),
      new Story.Person("Zoe", "she"));
  static final List<String> OBJECTS = List.of("apples", "pencils", "marbles", "stickers",
      "books", "cookies", "cards", "shells");
  private static final int SMALLEST_OPERAND = 2;

  private final WordProblemSettings settings;
  private final SplitDraw draw;

  /**
   * @param settings operand ranges and operations
   * @param seed chooses the order of problems (not the split)
   * @param trainSize number of train prompts, {@code >= 1}
   * @param testSize number of test prompts, {@code >= 0}
   * @param testFraction share of all equations that belong to the test split, in
   *     {@code (0, 1)}
   */
  public WordProblemTask(WordProblemSettings settings, long seed, int trainSize, int testSize,
      double testFraction) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.draw = new SplitDraw(NAME, seed, trainSize, testSize, testFraction);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Prompt> prompts(Split split) {
    return draw.prompts(split, problemCount(), this::problem, "the word-problem task"
        + " (operations " + settings.operations() + ", max operand " + settings.maxOperand()
        + ", max factor " + settings.maxFactor() + ")",
        "raise ngrpo.task.word-problems.max-operand");
  }

  /** Number of distinct problems. */
  long problemCount() {
    long count = 0;
    for (Operation op : settings.operations()) {
      count += blockSize(op);
    }
    return count;
  }

  /** The {@code k}-th problem of a fixed enumeration, {@code 0 <= k < problemCount()}. */
  WordProblem problem(long k) {
    if (k < 0 || k >= problemCount()) {
      throw new IllegalArgumentException(
          "problem " + k + " is outside [0, " + problemCount() + ")");
    }
    long rest = k;
    for (Operation op : settings.operations()) {
      if (rest < blockSize(op)) {
        return problem(op, rest);
      }
      rest -= blockSize(op);
    }
    throw new IllegalStateException("unreachable: " + k);
  }

  /** The {@code r}-th problem of {@code op}: story, person, object, then x and y vary. */
  private WordProblem problem(Operation op, long r) {
    List<Story> stories = Story.of(op);
    Story story = stories.get((int) (r % stories.size()));
    r /= stories.size();
    Story.Person person = PEOPLE.get((int) (r % PEOPLE.size()));
    r /= PEOPLE.size();
    String object = OBJECTS.get((int) (r % OBJECTS.size()));
    r /= OBJECTS.size();
    long values = operandCount(op);
    long x = SMALLEST_OPERAND + r % values;
    long y = SMALLEST_OPERAND + r / values;
    return op == Operation.SUBTRACT ? new WordProblem(story, person, object, x + y, y)
        : new WordProblem(story, person, object, x, y);
  }

  private long blockSize(Operation op) {
    long values = operandCount(op);
    return (long) Story.of(op).size() * PEOPLE.size() * OBJECTS.size() * values * values;
  }

  private long operandCount(Operation op) {
    return settings.maxOf(op) - SMALLEST_OPERAND + 1;
  }
}
