package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.ngrpo.core.generate.Generation;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.safetensors.HostTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model is trainable through {@link TokenScorer} and its native memory stays bounded. */
class TrainingStepTest {
  private static final int[][] PROMPTS = {{3, 4, 5}, {7, 8}, {9}};
  private static final SamplingSettings SAMPLING =
      new SamplingSettings(1f, 1f, 0, 8, new int[] {1});

  /** Plain SGD on the mean negative log-likelihood of {@code responses}; returns the loss. */
  static float sgdStep(PolicyModel model, int[][] prompts, int[][] responses, float lr) {
    try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      float value;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        ScoredTokens s = TokenScorer.score(model, m, prompts, responses, 1f, false);
        NDArray loss = s.logProbs().sum().neg().div(s.mask().sum());
        gc.backward(loss);
        value = loss.getFloat();
      }
      // Updates run after the collector closed: in-place ops on leaves need grad mode off.
      for (NDArray p : model.parameters()) {
        p.subi(p.getGradient().mul(lr));
      }
      Gradients.zero(model.parameters());
      return value;
    }
  }

  @Test
  void oneStepChangesEveryParameterAndLowersTheLoss() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 21)) {
      model.setTrainable(true);
      int[][] responses = {{2, 3, 1}, {4, 1}, {5, 6, 7, 1}};
      Map<String, HostTensor> before = model.toHostTensors();
      float loss0 = sgdStep(model, PROMPTS, responses, 0.5f);
      Map<String, HostTensor> after = model.toHostTensors();
      assertThat(Float.isFinite(loss0)).isTrue();
      for (String name : before.keySet()) {
        assertThat(Arrays.equals(before.get(name).values(), after.get(name).values()))
            .as("parameter %s unchanged", name).isFalse();
      }
      float loss1 = sgdStep(model, PROMPTS, responses, 0.5f);
      assertThat(loss1).isLessThan(loss0);
    }
  }

  @Test
  void aCopyKeepsTheWeightsOfItsMomentThroughLaterTrainingAndOutlivesItsSource() {
    Map<String, HostTensor> before;
    PolicyModel copy;
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 23)) {
      model.setTrainable(true);
      before = model.toHostTensors();
      copy = model.copyTo(Device.cpu());
      sgdStep(model, PROMPTS, new int[][] {{6, 1}, {2, 1}, {4, 4}}, 0.5f);
      assertThat(model.toHostTensors()).isNotEqualTo(before);
    }
    try (copy) {
      assertThat(copy.toHostTensors()).isEqualTo(before);
      assertThat(copy.parameters()).allMatch(p -> !p.hasGradient());
      assertThat(copy.parameterNames()).containsExactlyElementsOf(before.keySet());
    }
  }

  @Test
  void nativeMemoryStaysFlatOverFiftyGenerateAndTrainIterations() throws Exception {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 22)) {
      model.setTrainable(true);
      long[] seeds = {1, 2, 3};
      iterate(model, seeds, 5); // warm-up: allocator pools, lazily created gradient buffers
      int arrays = model.manager().getManagedArrays().size();
      long rss = residentKb();
      iterate(model, seeds, 50);
      assertThat(model.manager().getManagedArrays().size()).isEqualTo(arrays);
      // Bound, not timing: a leak of one step's activations would be far more than this.
      assertThat(residentKb() - rss).as("RSS growth in KiB").isLessThan(64 * 1024);
    }
  }

  private static void iterate(PolicyModel model, long[] seeds, int n) {
    for (int it = 0; it < n; it++) {
      List<Generation> gens = Generator.generate(model, PROMPTS, seeds, SAMPLING);
      int[][] responses = gens.stream().map(Generation::tokens).toArray(int[][]::new);
      sgdStep(model, PROMPTS, responses, 0.01f);
      seeds[0] += 3;
      seeds[1] += 3;
      seeds[2] += 3;
    }
  }

  private static long residentKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
