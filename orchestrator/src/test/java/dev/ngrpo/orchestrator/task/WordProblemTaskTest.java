package dev.ngrpo.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.ngrpo.core.data.Prompt;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WordProblemTaskTest {
  private static final List<Operation> ALL =
      List.of(Operation.ADD, Operation.SUBTRACT, Operation.MULTIPLY);
  private static final WordProblemSettings DEFAULTS =
      new WordProblemSettings(50, 9, List.of(Operation.ADD, Operation.SUBTRACT));
  /** The equation at the end of an id: "word-problems:buys:Tom:apples:17+25". */
  private static final Pattern EQUATION = Pattern.compile("(\\d+)([-+*])(\\d+)$");

  @Test
  void promptAndAnswerFormat() {
    Story.Person tom = new Story.Person("Tom", "he");
    WordProblem buys = new WordProblem(Story.BUYS, tom, "apples", 17, 25);
    assertThat(buys.prompt()).isEqualTo("Tom has 17 apples and buys 25 more. How many apples"
        + " does he have? Put the final answer in \\boxed{}.");
    assertThat(buys.answer()).isEqualTo("42"); // 17 + 25
    assertThat(buys.equation()).isEqualTo("17+25");
    assertThat(buys.toPrompt(3)).isEqualTo(new Prompt("word-problems:buys:Tom:apples:17+25", 3,
        "word-problems", buys.prompt(), "42"));
    Story.Person mia = new Story.Person("Mia", "she");
    WordProblem gives = new WordProblem(Story.GIVES, mia, "cards", 42, 25);
    assertThat(gives.prompt()).isEqualTo("Mia has 42 cards and gives 25 to a friend. How many"
        + " cards does she have left? Put the final answer in \\boxed{}.");
    assertThat(gives.answer()).isEqualTo("17"); // 42 - 25
    WordProblem bags = new WordProblem(Story.BAGS, mia, "shells", 3, 7);
    assertThat(bags.prompt()).isEqualTo("Mia fills 3 bags with 7 shells each. How many shells"
        + " are in the bags? Put the final answer in \\boxed{}.");
    assertThat(bags.answer()).isEqualTo("21"); // 3 * 7
  }

  @Test
  void goldenPrompts() {
    // Fixed permutation and split hash: a change here changes every word-problem dataset.
    WordProblemTask task = new WordProblemTask(new WordProblemSettings(50, 9, ALL), 7, 3, 3, 0.1);
    assertThat(task.prompts(Split.TRAIN)).extracting(Prompt::text).containsExactly(
        "Tom has 90 books and gives 45 to a friend. How many books does he have left?"
            + " Put the final answer in \\boxed{}.",
        "Omar has 6 boxes with 5 cookies in each box. How many cookies does he have?"
            + " Put the final answer in \\boxed{}.",
        "Sam had 84 shells and lost 49 of them. How many shells does Sam have now?"
            + " Put the final answer in \\boxed{}.");
    assertThat(task.prompts(Split.TRAIN)).extracting(Prompt::referenceAnswer)
        .containsExactly("45", "30", "35");
    assertThat(task.prompts(Split.TEST)).extracting(Prompt::id).containsExactly(
        "word-problems:loses:Tom:cookies:50-19", "word-problems:buys:Zoe:pencils:2+14",
        "word-problems:finds:Mia:apples:16+7");
  }

  @Test
  void deterministicFromTheSeed() {
    List<Prompt> first = new WordProblemTask(DEFAULTS, 42, 200, 20, 0.1).prompts(Split.TRAIN);
    List<Prompt> again = new WordProblemTask(DEFAULTS, 42, 200, 20, 0.1).prompts(Split.TRAIN);
    List<Prompt> other = new WordProblemTask(DEFAULTS, 43, 200, 20, 0.1).prompts(Split.TRAIN);
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void promptsAreDistinctWithDenseIndicesCorrectAnswersAndOperandsInRange() {
    WordProblemTask task = new WordProblemTask(new WordProblemSettings(50, 9, ALL), 5, 3000, 0,
        0.1);
    List<Prompt> prompts = task.prompts(Split.TRAIN);
    assertThat(prompts).extracting(Prompt::index)
        .containsExactlyElementsOf(LongStream.range(0, 3000).boxed().toList());
    assertThat(prompts.stream().map(Prompt::id).distinct().count()).isEqualTo(3000);
    assertThat(prompts.stream().map(Prompt::text).distinct().count()).isEqualTo(3000);
    Set<Operation> seen = new HashSet<>();
    for (Prompt p : prompts) {
      Matcher m = EQUATION.matcher(p.id());
      assertThat(m.find()).as(p.id()).isTrue();
      long a = Long.parseLong(m.group(1));
      long b = Long.parseLong(m.group(3));
      Operation op = Operation.of(m.group(2));
      seen.add(op);
      assertThat(p.referenceAnswer()).as(p.id()).isEqualTo(Long.toString(op.apply(a, b)));
      // the story tells the operands in the equation's order
      assertThat(p.text()).as(p.id()).containsSubsequence(" " + a + " ", " " + b + " ")
          .endsWith(" Put the final answer in \\boxed{}.");
      switch (op) {
        case ADD -> assertThat(List.of(a, b)).allSatisfy(v -> assertThat(v).isBetween(2L, 50L));
        // (x + y) - y with x, y in [2, 50]: never negative, at least 2
        case SUBTRACT -> {
          assertThat(b).isBetween(2L, 50L);
          assertThat(a - b).isBetween(2L, 50L);
        }
        case MULTIPLY -> assertThat(List.of(a, b)).allSatisfy(v -> assertThat(v).isBetween(2L, 9L));
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ALL);
  }

  @Test
  void problemCounts() {
    // 2 stories * 8 people * 8 objects * 49 * 49 operand pairs, for + and for -
    assertThat(new WordProblemTask(DEFAULTS, 1, 1, 0, 0.1).problemCount()).isEqualTo(614_656);
    // 2 * 8 * 8 * 8 * 8 for * with factors 2..9
    assertThat(new WordProblemTask(new WordProblemSettings(50, 9, List.of(Operation.MULTIPLY)),
        1, 1, 0, 0.1).problemCount()).isEqualTo(8_192);
  }

  @Test
  void splitsAreDisjointByEquationAndCoverTheSpace() {
    // operands 2..3, + only: 4 equations * 128 wordings = 512 problems; at test fraction 0.5
    // the fixed hash puts 2+2, 2+3 and 3+3 in test (384 problems) and 3+2 in train (128).
    WordProblemSettings tiny = new WordProblemSettings(3, 2, List.of(Operation.ADD));
    WordProblemTask whole = new WordProblemTask(tiny, 1, 128, 384, 0.5);
    List<Prompt> train = whole.prompts(Split.TRAIN);
    List<Prompt> test = whole.prompts(Split.TEST);
    assertThat(equations(train)).containsExactly("3+2");
    assertThat(equations(test)).containsExactlyInAnyOrder("2+2", "2+3", "3+3");
    Set<String> all = texts(train);
    all.addAll(texts(test));
    assertThat(all).hasSize(512);
    assertThatThrownBy(() -> new WordProblemTask(tiny, 1, 129, 0, 0.5).prompts(Split.TRAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has only 128 distinct train problems")
        .hasMessageContaining("129 were asked for")
        .hasMessageContaining("max-operand");
  }

  @Test
  void splitsShareNoEquationAcrossSeedsAndSizes() {
    Set<String> train = equations(new WordProblemTask(DEFAULTS, 1, 5000, 10, 0.1)
        .prompts(Split.TRAIN));
    Set<String> test = equations(new WordProblemTask(DEFAULTS, 2, 10, 1000, 0.1)
        .prompts(Split.TEST));
    assertThat(train).doesNotContainAnyElementsOf(test);
  }

  @Test
  void settingsFromTheConfiguration() {
    TaskSettings s = TaskSettings.from(ConfigFactory.parseString(
        "ngrpo.task { name = word-problems, train-size = 20, test-size = 5 }")
        .withFallback(ConfigFactory.defaultReference()).resolve());
    assertThat(s.wordProblems()).isEqualTo(DEFAULTS);
    Task task = Tasks.create(s);
    assertThat(task).isInstanceOf(WordProblemTask.class);
    assertThat(task.prompts(Split.TRAIN)).hasSize(20)
        .allSatisfy(p -> assertThat(p.taskName()).isEqualTo("word-problems"));
    assertThat(task.prompts(Split.TEST)).hasSize(5);
  }

  @Test
  void badSettingsNameTheKey() {
    assertThatThrownBy(() -> settings("ops = [\"+\", \"/\"]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ngrpo.task.word-problems.ops").hasMessageContaining("'/'");
    assertThatThrownBy(() -> settings("ops = [\"+\", \"+\"]"))
        .hasMessageContaining("ngrpo.task.word-problems.ops").hasMessageContaining("distinct");
    assertThatThrownBy(() -> settings("max-operand = 1"))
        .hasMessageContaining("ngrpo.task.word-problems.max-operand");
    assertThatThrownBy(() -> settings("max-factor = 1001"))
        .hasMessageContaining("ngrpo.task.word-problems.max-factor");
  }

  private static TaskSettings settings(String wordProblems) {
    return TaskSettings.from(ConfigFactory.parseString("ngrpo.task.word-problems { "
        + wordProblems + " }").withFallback(ConfigFactory.defaultReference()).resolve());
  }

  private static Set<String> equations(List<Prompt> prompts) {
    return prompts.stream().map(p -> p.id().substring(p.id().lastIndexOf(':') + 1))
        .collect(Collectors.toSet());
  }

  private static Set<String> texts(List<Prompt> prompts) {
    return prompts.stream().map(Prompt::text).collect(Collectors.toCollection(HashSet::new));
  }
}
