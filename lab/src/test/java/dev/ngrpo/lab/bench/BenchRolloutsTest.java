package dev.ngrpo.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.RolloutGroup;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchRolloutsTest {
  @Test
  void everyGroupIsMixedAndEveryRowHasTheAskedLength() {
    List<RolloutGroup> groups = BenchRollouts.of(3, 3, 12, 18);
    assertThat(groups).hasSize(3);
    for (RolloutGroup g : groups) {
      // 8 prompt tokens and 12 - 8 = 4 response tokens, ids in [3, 18)
      assertThat(g.promptTokens()).hasSize(8);
      assertThat(IntStream.of(g.promptTokens())).allSatisfy(t -> assertThat(t).isBetween(3, 17));
      for (int i = 0; i < 3; i++) {
        assertThat(g.responseTokens()[i]).hasSize(4);
        assertThat(IntStream.of(g.responseTokens()[i]))
            .allSatisfy(t -> assertThat(t).isBetween(3, 17));
        assertThat(g.samplerLogProbs()[i]).containsExactly(0f, 0f, 0f, 0f);
      }
      assertThat(g.rewards()).containsExactly(1f, 0f, 1f);
    }
    // the same rows on every call: each preset of a run trains on them
    assertThat(BenchRollouts.of(3, 3, 12, 18).get(2).responseTokens())
        .isDeepEqualTo(groups.get(2).responseTokens());
    assertThat(Arrays.equals(groups.get(0).promptTokens(), groups.get(1).promptTokens()))
        .isFalse();
  }

  @Test
  void aGroupOfOneCannotHoldBothRewards() {
    assertThatThrownBy(() -> BenchRollouts.of(2, 1, 12, 18))
        .hasMessage("a group needs at least 2 responses to hold both rewards, got 1");
    assertThatThrownBy(() -> BenchRollouts.of(2, 2, 8, 18))
        .hasMessage("length must exceed the 8 prompt tokens, got 8");
  }
}
