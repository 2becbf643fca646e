package dev.ngrpo.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Prompt;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ArithmeticTaskTest {
  private static final ArithmeticLevel EASY = ArithmeticLevel.preset("easy");
  private static final ArithmeticLevel MEDIUM = ArithmeticLevel.preset("medium");
  private static final ArithmeticLevel HARD = ArithmeticLevel.preset("hard");

  @Test
  void promptAndAnswerFormat() {
    ArithmeticProblem add = new ArithmeticProblem(37, Operation.ADD, 45);
    assertThat(add.prompt()).isEqualTo("37+45=");
    assertThat(add.answer()).isEqualTo("82"); // 37 + 45
    assertThat(new ArithmeticProblem(12, Operation.SUBTRACT, 57).answer()).isEqualTo("-45");
    assertThat(new ArithmeticProblem(6, Operation.MULTIPLY, 7).prompt()).isEqualTo("6*7=");
    assertThat(add.toPrompt(3)).isEqualTo(
        new Prompt("arithmetic:37+45", 3, "arithmetic", "37+45=", "82"));
    // 999999999 * 999999999 = 999999998000000001 < 2^63: nine digits never overflow.
    assertThat(new ArithmeticProblem(999_999_999, Operation.MULTIPLY, 999_999_999).answer())
        .isEqualTo("999999998000000001");
  }

  @Test
  void goldenPrompts() {
    // Fixed permutation and split hash: a change here changes every built-in dataset.
    ArithmeticTask task = new ArithmeticTask(EASY, 7, 3, 3, 0.1);
    assertThat(task.prompts(Split.TRAIN)).extracting(Prompt::text)
        .containsExactly("0-9=", "4-7=", "9*2=");
    assertThat(task.prompts(Split.TEST)).extracting(Prompt::text)
        .containsExactly("7-3=", "1-6=", "3*2=");
  }

  @Test
  void deterministicFromTheSeed() {
    List<Prompt> first = new ArithmeticTask(MEDIUM, 42, 200, 20, 0.1).prompts(Split.TRAIN);
    List<Prompt> again = new ArithmeticTask(MEDIUM, 42, 200, 20, 0.1).prompts(Split.TRAIN);
    List<Prompt> other = new ArithmeticTask(MEDIUM, 43, 200, 20, 0.1).prompts(Split.TRAIN);
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void promptsAreDistinctWithDenseIndicesAndCorrectAnswers() {
    List<Prompt> prompts = new ArithmeticTask(HARD, 5, 2000, 10, 0.1).prompts(Split.TRAIN);
    assertThat(prompts).extracting(Prompt::index)
        .containsExactlyElementsOf(LongStream.range(0, 2000).boxed().toList());
    assertThat(prompts.stream().map(Prompt::id).distinct().count()).isEqualTo(2000);
    for (Prompt p : prompts) {
      ArithmeticProblem problem = parse(p.text());
      assertThat(p.referenceAnswer()).isEqualTo(
          Long.toString(problem.operation().apply(problem.a(), problem.b())));
    }
  }

  @Test
  void splitsAreDisjointAndCoverTheLevel() {
    // easy has 10 * 10 * 3 = 300 problems; the fixed hash puts 25 of them in test at 0.1.
    ArithmeticTask whole = new ArithmeticTask(EASY, 1, 275, 25, 0.1);
    Set<String> train = texts(whole.prompts(Split.TRAIN));
    Set<String> test = texts(whole.prompts(Split.TEST));
    assertThat(train).hasSize(275).doesNotContainAnyElementsOf(test);
    assertThat(test).hasSize(25);
    Set<String> all = new HashSet<>(train);
    all.addAll(test);
    assertThat(all).hasSize(300);
  }

  @Test
  void splitsStayDisjointAcrossSeedsAndSizes() {
    Set<String> train = texts(new ArithmeticTask(MEDIUM, 1, 5000, 10, 0.1).prompts(Split.TRAIN));
    Set<String> test = texts(new ArithmeticTask(MEDIUM, 2, 10, 1000, 0.1).prompts(Split.TEST));
    assertThat(train).doesNotContainAnyElementsOf(test);
  }

  @Test
  void askingForMoreThanTheSplitHoldsFailsWithTheCount() {
    ArithmeticTask task = new ArithmeticTask(EASY, 1, 276, 26, 0.1);
    assertThatThrownBy(() -> task.prompts(Split.TRAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has only 275 distinct train problems")
        .hasMessageContaining("276 were asked for");
    assertThatThrownBy(() -> task.prompts(Split.TEST))
        .hasMessageContaining("has only 25 distinct test problems");
  }

  @Test
  void difficultyLevels() {
    assertLevel(EASY, 0, 9, Set.of(Operation.ADD, Operation.SUBTRACT, Operation.MULTIPLY));
    assertLevel(MEDIUM, 10, 99, Set.of(Operation.ADD, Operation.SUBTRACT));
    assertLevel(HARD, 100, 999, Set.of(Operation.ADD, Operation.SUBTRACT, Operation.MULTIPLY));
    assertThat(EASY.problemCount()).isEqualTo(300); // 10 * 10 * 3
    assertThat(MEDIUM.problemCount()).isEqualTo(16_200); // 90 * 90 * 2
    assertThat(HARD.problemCount()).isEqualTo(2_430_000); // 900 * 900 * 3
  }

  @Test
  void customDigitsPerOperand() {
    ArithmeticLevel level = new ArithmeticLevel("custom", 4, 1, List.of(Operation.MULTIPLY));
    for (Prompt p : new ArithmeticTask(level, 3, 100, 0, 0.1).prompts(Split.TRAIN)) {
      assertThat(p.text()).matches("[1-9][0-9]{3}\\*[0-9]=");
    }
  }

  @Test
  void emptyTestSplitIsAllowed() {
    assertThat(new ArithmeticTask(EASY, 1, 1, 0, 0.1).prompts(Split.TEST)).isEmpty();
  }

  @Test
  void permutationIsABijection() {
    for (long size : new long[] {1, 2, 3, 7, 64, 65, 1000}) {
      SeededPermutation p = new SeededPermutation(size, 99);
      Set<Long> images = new HashSet<>();
      for (long i = 0; i < size; i++) {
        images.add(p.at(i));
      }
      assertThat(images).as("size %d", size).hasSize((int) size)
          .allSatisfy(v -> assertThat(v).isBetween(0L, size - 1));
    }
  }

  private static void assertLevel(ArithmeticLevel level, long min, long max, Set<Operation> ops) {
    List<Prompt> prompts = new ArithmeticTask(level, 11, 200, 0, 0.1).prompts(Split.TRAIN);
    Set<Operation> seen = new HashSet<>();
    for (Prompt p : prompts) {
      ArithmeticProblem problem = parse(p.text());
      assertThat(problem.a()).as(p.text()).isBetween(min, max);
      assertThat(problem.b()).as(p.text()).isBetween(min, max);
      seen.add(problem.operation());
    }
    assertThat(seen).isEqualTo(ops);
  }

  /** "37+45=" back to its problem: operands never carry a sign, so the first symbol splits. */
  private static ArithmeticProblem parse(String prompt) {
    String body = prompt.substring(0, prompt.length() - 1);
    for (int i = 1; i < body.length(); i++) {
      String symbol = body.substring(i, i + 1);
      if (Operation.symbols().contains(symbol)) {
        return new ArithmeticProblem(Long.parseLong(body.substring(0, i)), Operation.of(symbol),
            Long.parseLong(body.substring(i + 1)));
      }
    }
    throw new AssertionError("not a problem: " + prompt);
  }

  private static Set<String> texts(List<Prompt> prompts) {
    return prompts.stream().map(Prompt::text).collect(Collectors.toSet());
  }
}
