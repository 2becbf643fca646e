package dev.ngrpo.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.ScoredTokens;
import dev.ngrpo.core.model.TinyModels;
import dev.ngrpo.core.model.TokenScorer;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  private static final int[][] PROMPTS = {{3, 4, 5}, {7}, {2, 9, 9, 9, 11, 12}, {5, 5}};
  private static final long[] SEEDS = {11, 12, 13, 14};
  private static final SamplingSettings SAMPLING =
      new SamplingSettings(1.0f, 1.0f, 0, 12, new int[] {1});

  @Test
  void cachedSamplerLogProbsEqualFullForwardScores() {
    for (ModelConfig config : List.of(TinyModels.gqaWithBias(), TinyModels.tied())) {
      try (PolicyModel model = TinyModels.create(config, 7)) {
        SamplingSettings hot = new SamplingSettings(1.3f, 1.0f, 0, 12, new int[] {1});
        List<Generation> gens = Generator.generate(model, PROMPTS, SEEDS, hot);
        int[][] responses = gens.stream().map(Generation::tokens).toArray(int[][]::new);
        try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
          scope.suppressNotUsedWarning();
          ScoredTokens scored = TokenScorer.score(model, m, PROMPTS, responses, 1.3f, true);
          float[] full = scored.logProbs().toFloatArray();
          int width = (int) scored.logProbs().getShape().get(1);
          for (int i = 0; i < PROMPTS.length; i++) {
            for (int j = 0; j < responses[i].length; j++) {
              assertThat(Math.abs(full[i * width + j] - gens.get(i).logProbs()[j]))
                  .as("row %d token %d", i, j).isLessThan(1e-4f);
            }
          }
        }
      }
    }
  }

  @Test
  void sameSeedSameOutputDifferentSeedDifferentOutput() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 5)) {
      List<Generation> a = Generator.generate(model, PROMPTS, SEEDS, SAMPLING);
      List<Generation> b = Generator.generate(model, PROMPTS, SEEDS, SAMPLING);
      List<Generation> c = Generator.generate(model, PROMPTS, new long[] {91, 92, 93, 94},
          SAMPLING);
      boolean anyDifferent = false;
      for (int i = 0; i < PROMPTS.length; i++) {
        assertThat(a.get(i).tokens()).isEqualTo(b.get(i).tokens());
        assertThat(a.get(i).logProbs()).isEqualTo(b.get(i).logProbs());
        anyDifferent |= !java.util.Arrays.equals(a.get(i).tokens(), c.get(i).tokens());
      }
      assertThat(anyDifferent).isTrue();
    }
  }

  @Test
  void rowsDoNotDependOnTheirBatchmates() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 5)) {
      List<Generation> batch = Generator.generate(model, PROMPTS, SEEDS, SAMPLING);
      List<Generation> alone = Generator.generate(model, new int[][] {PROMPTS[2]},
          new long[] {SEEDS[2]}, SAMPLING);
      assertThat(alone.get(0).tokens()).isEqualTo(batch.get(2).tokens());
    }
  }

  @Test
  void stopsAtStopTokenOrLimit() {
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 1)) {
      // greedy from the same prompt is deterministic; stop on whatever the first token is
      SamplingSettings greedy = new SamplingSettings(0f, 1f, 0, 5, new int[0]);
      Generation g = Generator.generate(model, new int[][] {{3, 4}}, new long[] {0}, greedy)
          .get(0);
      assertThat(g.tokens()).hasSize(5);
      assertThat(g.truncated()).isTrue();
      int first = g.tokens()[0];
      SamplingSettings stopOnFirst = new SamplingSettings(0f, 1f, 0, 5, new int[] {first});
      Generation s = Generator.generate(model, new int[][] {{3, 4}}, new long[] {0}, stopOnFirst)
          .get(0);
      assertThat(s.tokens()).containsExactly(first);
      assertThat(s.truncated()).isFalse();
    }
  }
}
