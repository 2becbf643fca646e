package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.ngrpo.core.safetensors.HostTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * LoRA dropout through the model: only {@link TokenScorer#scoreTraining} drops, p = 0 is
 * exactly the plain pass, and nothing else (scoring, the base, merged weights) sees it.
 */
class LoraDropoutTest {
  private static final int[][] PROMPTS = {{3, 4, 5}, {7, 8}};
  private static final int[][] RESPONSES = {{2, 3, 1}, {4, 1}};
  private static final TrainingPass PASS = new TrainingPass(TrainingPass.seed(1, 0, 0),
      new int[] {0, 1});

  /** A trained-looking adapter: A as initialised, B drawn in [-0.1, 0.1) so that B A != 0. */
  private static Map<String, HostTensor> adapters(ModelConfig c) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    try (PolicyModel fresh = TinyModels.create(c, 5)
        .withLora(new LoraSettings(4, 8, LoraSettings.MODULES), 9)) {
      SplittableRandom random = new SplittableRandom(11);
      fresh.adapters().toHostTensors().forEach((name, t) -> {
        float[] values = t.values();
        if (name.endsWith(".lora_B.weight")) {
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-0.1, 0.1);
          }
        }
        out.put(name, new HostTensor(t.shape(), values));
      });
    }
    return out;
  }

  private static PolicyModel model(ModelConfig c, double dropout) {
    return TinyModels.create(c, 5).withAdapters(
        new LoraSettings(4, 8, LoraSettings.MODULES, dropout), adapters(c), "test");
  }

  /** Log-probs of a pass ({@code null}: not training), then each adapter's gradient. */
  private static List<float[]> logProbsAndGradients(PolicyModel model, TrainingPass pass) {
    model.setTrainable(true);
    List<float[]> out = new ArrayList<>();
    try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        ScoredTokens s = pass == null
            ? TokenScorer.score(model, m, PROMPTS, RESPONSES, 1f, false)
            : TokenScorer.scoreTraining(model, m, PROMPTS, RESPONSES, 1f, false, pass);
        out.add(s.logProbs().stopGradient().toFloatArray());
        gc.backward(s.logProbs().sum().neg());
      }
      for (NDArray t : model.trainableParameters()) {
        out.add(t.getGradient().toFloatArray());
        t.getGradient().subi(t.getGradient());
      }
    }
    model.setTrainable(false);
    return out;
  }

  private static float[] logProbs(PolicyModel model) {
    return logProbsAndGradients(model, null).get(0);
  }

  @Test
  void zeroDropoutIsThePlainPassBitForBit() {
    for (ModelConfig c : List.of(TinyModels.gqaWithBias(), TinyModels.tied())) {
      try (PolicyModel model = model(c, 0)) {
        List<float[]> plain = logProbsAndGradients(model, null);
        List<float[]> training = logProbsAndGradients(model, PASS);
        assertThat(training).hasSameSizeAs(plain).hasSize(1 + 2 * 7 * c.numHiddenLayers());
        for (int i = 0; i < plain.size(); i++) {
          assertThat(training.get(i)).containsExactly(plain.get(i));
        }
      }
    }
  }

  @Test
  void dropoutChangesTheTrainingPassOnlyAndTheSameKeysGiveTheSamePass() {
    ModelConfig c = TinyModels.gqaWithBias();
    try (PolicyModel whole = model(c, 0); PolicyModel dropping = model(c, 0.5)) {
      List<float[]> plain = logProbsAndGradients(whole, null);
      List<float[]> training = logProbsAndGradients(dropping, PASS);
      assertThat(training.get(0)).isNotEqualTo(plain.get(0));
      // every adapter's gradient changes: both A and B see the dropped input's products
      for (int i = 1; i < plain.size(); i++) {
        assertThat(training.get(i)).isNotEqualTo(plain.get(i));
      }
      // the same pass again: the same masks, the same numbers
      List<float[]> again = logProbsAndGradients(dropping, PASS);
      for (int i = 0; i < training.size(); i++) {
        assertThat(again.get(i)).containsExactly(training.get(i));
      }
      // another epoch draws other masks
      TrainingPass next = new TrainingPass(TrainingPass.seed(1, 0, 1), new int[] {0, 1});
      assertThat(logProbsAndGradients(dropping, next).get(0)).isNotEqualTo(training.get(0));
      // outside training (old and reference log-probs, rollouts, evaluation) nothing drops
      assertThat(logProbs(dropping)).containsExactly(plain.get(0));
      assertThat(logProbs(dropping.withoutAdapters())).containsExactly(
          logProbs(whole.withoutAdapters()));
      // nor in the merged weights executors and exports get
      assertThat(dropping.toHostTensors()).isEqualTo(whole.toHostTensors());
      try (PolicyModel merged = dropping.copyTo(dropping.device())) {
        assertThat(merged.toHostTensors()).isEqualTo(whole.toHostTensors());
      }
    }
  }

  @Test
  void aRowsDropoutDoesNotDependOnItsMicroBatch() {
    // row 1 scored alone and beside row 0 (whose prompt is one token longer): its log-probs
    // agree to float summation order, since its masks follow its tokens, not its columns
    try (PolicyModel model = model(TinyModels.gqaWithBias(), 0.5)) {
      float[] both = logProbsAndGradients(model, PASS).get(0);
      float[] alone;
      try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        alone = TokenScorer.scoreTraining(model, m, new int[][] {PROMPTS[1]},
            new int[][] {RESPONSES[1]}, 1f, false,
            new TrainingPass(PASS.seed(), new int[] {1})).logProbs().toFloatArray();
      }
      // (B, R) = (2, 3) beside, (1, 2) alone: row 1's two response tokens
      for (int j = 0; j < 2; j++) {
        assertThat(alone[j]).isCloseTo(both[3 + j], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }
}
