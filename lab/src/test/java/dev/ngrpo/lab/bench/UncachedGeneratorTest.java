package dev.ngrpo.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.core.generate.Generation;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class UncachedGeneratorTest {
  @Test
  void cacheAndNoCacheSampleTheSameTokens() {
    int[][] prompts = {{3, 4, 5}, {7}, {2, 9, 9, 9, 11, 12}, {5, 5}};
    long[] seeds = {11, 12, 13, 14};
    SamplingSettings sampling = new SamplingSettings(1.0f, 1.0f, 0, 12, new int[] {1});
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 3)) {
      List<Generation> cached = Generator.generate(model, prompts, seeds, sampling);
      List<Generation> uncached = UncachedGenerator.generate(model, prompts, seeds, sampling);
      for (int i = 0; i < prompts.length; i++) {
        assertThat(uncached.get(i).tokens()).as("row %d", i).isEqualTo(cached.get(i).tokens());
      }
    }
  }
}
