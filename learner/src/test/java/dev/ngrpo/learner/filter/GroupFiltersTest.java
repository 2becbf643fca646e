package dev.ngrpo.learner.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Grading;
import dev.ngrpo.core.data.RolloutGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupFiltersTest {
  private static RolloutGroup group(String id, float... rewards) {
    int g = rewards.length;
    int[][] tokens = new int[g][];
    float[][] logProbs = new float[g][];
    for (int i = 0; i < g; i++) {
      tokens[i] = new int[] {7, 8};
      logProbs[i] = new float[] {-0.5f, -1f};
    }
    return new RolloutGroup(id, 0, "test", new int[] {1, 2}, 0, tokens, logProbs, rewards,
        new boolean[g], 0, 0, Grading.ALL_GRADED);
  }

  private static final RolloutGroup CORRECT = group("correct", 1, 1, 1, 1);
  private static final RolloutGroup MIXED = group("mixed", 1, 0, 0, 1);
  private static final RolloutGroup WRONG = group("wrong", 0, 0, 0, 0);
  private static final RolloutGroup HALF = group("half", 0.5f, 0.5f, 0.5f, 0.5f);
  private static final RolloutGroup PARTIAL = group("partial", 0.5f, 0, 0, 0);
  private static final RolloutGroup ONE_CORRECT = group("one", 1);
  private static final List<RolloutGroup> BATCH =
      List.of(CORRECT, MIXED, WRONG, HALF, PARTIAL, ONE_CORRECT, WRONG);

  private static List<String> ids(FilteredGroups f) {
    return f.kept().stream().map(RolloutGroup::promptId).toList();
  }

  @Test
  void noneKeepsEverything() {
    FilteredGroups f = GroupFilters.create("none").apply(BATCH);
    assertThat(f.kept()).isEqualTo(BATCH);
    assertThat(f.dropped()).isZero();
  }

  @Test
  void dropAllCorrectKeepsAllWrongGroups() {
    FilteredGroups f = GroupFilters.create("drop-all-correct").apply(BATCH);
    // 2 all-correct groups (one of G = 1) go; both all-wrong ones stay, order preserved.
    assertThat(ids(f)).containsExactly("mixed", "wrong", "half", "partial", "wrong");
    assertThat(f.droppedAllCorrect()).isEqualTo(2);
    assertThat(f.droppedAllWrong()).isZero();
    assertThat(f.droppedOtherHomogeneous()).isZero();
  }

  @Test
  void dropHomogeneousCountsEachReason() {
    FilteredGroups f = GroupFilters.create("drop-homogeneous").apply(BATCH);
    assertThat(ids(f)).containsExactly("mixed", "partial");
    assertThat(f.droppedAllCorrect()).isEqualTo(2);
    assertThat(f.droppedAllWrong()).isEqualTo(2);
    assertThat(f.droppedOtherHomogeneous()).isEqualTo(1);
    assertThat(f.dropped()).isEqualTo(5);
  }

  @Test
  void allCorrectMeansFullScores() {
    // scores are in [0, 1] whatever r_max: an all-0.5 group is homogeneous but not all correct
    FilteredGroups f = GroupFilters.create("drop-homogeneous").apply(List.of(HALF, CORRECT));
    assertThat(f.droppedAllCorrect()).isEqualTo(1);
    assertThat(f.droppedOtherHomogeneous()).isEqualTo(1);
  }

  @Test
  void composition() {
    // correct, one -> all-correct; wrong x2 -> all-wrong; mixed, half, partial -> mixed.
    assertThat(GroupComposition.of(BATCH)).isEqualTo(new GroupComposition(2, 2, 3));
    assertThat(GroupComposition.of(BATCH).total()).isEqualTo(7);
    assertThat(GroupComposition.of(List.of())).isEqualTo(new GroupComposition(0, 0, 0));
  }

  @Test
  void outcomes() {
    assertThat(GroupOutcome.of(new float[] {1, 1})).isEqualTo(GroupOutcome.ALL_CORRECT);
    assertThat(GroupOutcome.of(new float[] {0, 0})).isEqualTo(GroupOutcome.ALL_WRONG);
    assertThat(GroupOutcome.of(new float[] {0.3f}))
        .isEqualTo(GroupOutcome.OTHER_HOMOGENEOUS);
    assertThat(GroupOutcome.of(new float[] {0, 0.3f})).isEqualTo(GroupOutcome.MIXED);
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> GroupFilters.create("drop-correct"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'drop-correct'")
        .hasMessageContaining("known: none, drop-all-correct, drop-homogeneous");
  }
}
