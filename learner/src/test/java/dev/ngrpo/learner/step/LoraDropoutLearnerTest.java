package dev.ngrpo.learner.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.TinyModels;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.learner.config.LearnerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LoRA dropout in the learner: the same seeds give the same update, dropout changes it, the
 * micro-batch size does not change the masks, and the recomputed old log-probs take the
 * adapters whole.
 */
class LoraDropoutLearnerTest {
  private static LoraSettings lora(double dropout) {
    return new LoraSettings(4, 8, LoraSettings.MODULES, dropout);
  }

  /** The adapters after two steps of a fresh LoRA policy with {@code dropout}. */
  private static Map<String, HostTensor> train(double dropout, String learner) {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 4)
        .withLora(lora(dropout), 3)) {
      List<RolloutGroup> groups = LearnerTest.groups(model, p -> new float[] {1, 0, p % 2, 0});
      // eps = 1 makes the AdamW update about lr * g (LearnerTest.microBatchesAddUpToTheMiniBatch)
      LearnerConfig c = LearnerTest.config("ngrpo.learner { mini-batches = 2, epochs = 2, "
          + learner + ", optimizer { lr = 0.1, eps = 1, weight-decay = 0 } }");
      try (Learner l = LearnerTest.learner(model, c)) {
        l.step(0, groups, groups.size());
        l.step(1, groups, groups.size());
      }
      return model.adapters().toHostTensors();
    }
  }

  @Test
  void theSameSeedsGiveTheSameAdaptersAndDropoutChangesThem() {
    Map<String, HostTensor> first = train(0.1, "micro-batch-size = 0");
    assertThat(train(0.1, "micro-batch-size = 0")).isEqualTo(first);
    Map<String, HostTensor> whole = train(0, "micro-batch-size = 0");
    assertThat(whole.keySet()).isEqualTo(first.keySet());
    for (String name : first.keySet()) {
      assertThat(first.get(name).values()).as(name).isNotEqualTo(whole.get(name).values());
    }
  }

  @Test
  void theMicroBatchSizeKeepsTheMasks() {
    // each row's masks follow its step index and tokens, not its place in a micro-batch:
    // only float summation order differs, as without dropout
    Map<String, HostTensor> whole = train(0.1, "micro-batch-size = 0");
    Map<String, HostTensor> micro = train(0.1, "micro-batch-size = 3");
    for (String name : whole.keySet()) {
      float[] a = whole.get(name).values();
      float[] b = micro.get(name).values();
      for (int i = 0; i < a.length; i++) {
        assertThat(b[i]).as("%s[%d]", name, i).isCloseTo(a[i], within(2e-6f));
      }
    }
  }

  @Test
  void oldLogProbsTakeTheAdaptersWhole() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 4)
        .withLora(lora(0.5), 3)) {
      List<RolloutGroup> groups = LearnerTest.groups(model, p -> new float[] {1, 0, 0, 1});
      LearnerConfig c = LearnerTest.config("ngrpo.learner { mini-batches = 1,"
          + " optimizer.lr = 0.01 }");
      try (Learner l = LearnerTest.learner(model, c)) {
        l.step(0, groups, groups.size());
      }
      // trained: B != 0, so dropout would show in any pass that applied it
      TrainingRows rows = TrainingRows.of(groups,
          LearnerParts.from(LearnerTest.setup(c)).rewards(),
          LearnerParts.from(LearnerTest.setup(c)).estimator());
      float[][] dropping = RowScorer.logProbs(model, rows, 1f, 5);
      try (PolicyModel same = TinyModels.create(TinyModels.gqaWithBias(), 4)
          .withAdapters(lora(0), model.adapters().toHostTensors(), "trained adapters")) {
        assertThat(RowScorer.logProbs(same, rows, 1f, 5)).isDeepEqualTo(dropping);
      }
    }
  }
}
