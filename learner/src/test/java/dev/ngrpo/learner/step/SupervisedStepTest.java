package dev.ngrpo.learner.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.TinyModels;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.learner.optim.LearningRateSchedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisedStepTest {
  private static final int[][] PROMPTS = {{3, 4, 5}, {6, 7}, {8}};
  private static final int[][] ANSWERS = {{9, 10, 1}, {11, 1}, {12, 13, 14, 1}};
  /** The warm start's schedule: lr 0.01 with 2 updates of linear warmup. */
  private static final LearningRateSchedule WARMUP =
      s -> 0.01 * Math.min(1.0, (s + 1.0) / Math.max(1, 2));

  /** Sum of every weight, in parameter order and double precision: a fingerprint of them. */
  static double weightSum(PolicyModel model) {
    double sum = 0;
    for (NDArray p : model.parameters()) {
      for (float f : p.toFloatArray()) {
        sum += f;
      }
    }
    return sum;
  }

  @Test
  void givesTheWarmStartsNumbersToTheBit() {
    // Golden numbers of the warm start's own backward -> clip -> AdamW -> zero sequence
    // (SupervisedWarmStart.step before it moved here), on the same model, data and schedule:
    // the first loss is about ln(vocab 20) = 2.996, as for a near-uniform initial policy.
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 3);
        SupervisedStep sft = new SupervisedStep(model, new AdamW(0.9, 0.999, 1e-8, 0.0),
            WARMUP, 1.0)) {
      assertThat(sft.step(PROMPTS, ANSWERS)).isEqualTo(2.9825057983398438);
      assertThat(sft.step(PROMPTS, ANSWERS)).isEqualTo(2.6529617309570312);
      assertThat(sft.step(PROMPTS, ANSWERS)).isEqualTo(2.3676064014434814);
      assertThat(weightSum(model)).isEqualTo(160.45563426816807);
    }
  }

  @Test
  void aDivergedStepFailsAndLeavesTheWeightsAsTheyWere() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 3);
        SupervisedStep sft = new SupervisedStep(model, new AdamW(0.9, 0.999, 1e-8, 0.0),
            s -> 0.01, 1.0)) {
      model.parameters().get(0).muli(Float.NaN); // a NaN parameter: the loss is NaN
      Map<String, HostTensor> before = model.toHostTensors();
      assertThatThrownBy(() -> sft.step(PROMPTS, ANSWERS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("diverged (loss NaN");
      assertThat(model.toHostTensors()).isEqualTo(before);
    }
  }
}
