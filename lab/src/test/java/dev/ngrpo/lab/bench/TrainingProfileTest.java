package dev.ngrpo.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.learner.step.SupervisedStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingProfileTest {
  @TempDir
  Path dir;

  /** Times in microseconds, as libtorch writes them. */
  private static final String TRACE = """
      [
      {"name": "aten::linear", "ph": "X", "ts": 0, "dur": 10, "tid": 1, "shape": [[2, 3], [4, 3]]},
      {"name": "aten::mm", "ph": "X", "ts": 2, "dur": 6, "tid": 1, "shape": [[2, 3], [3, 4]]},
      {"name": "autograd::engine::evaluate_function: MmBackward0", "ph": "X", "ts": 20,
       "dur": 10, "tid": 1, "shape": []},
      {"name": "aten::mm", "ph": "X", "ts": 21, "dur": 8, "tid": 1, "shape": [[4, 2], [2, 3]]},
      {"name": "aten::mul_", "ph": "X", "ts": 40, "dur": 3, "tid": 1, "shape": [[12], []]},
      {"name": "aten::sum", "ph": "X", "ts": 41, "dur": 1, "tid": 2, "shape": [[12]]},
      {"name": "aten::mul_", "ph": "X", "ts": 45, "dur": 2, "tid": 1, "shape": [[12], []]}
      ]
      """;

  @Test
  void chargesEachCallItsSelfTimeInItsPhase() throws Exception {
    List<TrainingProfile.Phase> phases =
        TrainingProfile.summarize(new ObjectMapper().readTree(TRACE), 5);

    assertThat(phases).extracting(TrainingProfile.Phase::name)
        .containsExactly("forward", "backward", "optimizer");
    // forward: linear 10 - its nested mm 6 = 4 us, mm 6 us
    assertThat(phases.get(0).seconds()).isCloseTo(10e-6, within(1e-12));
    assertThat(phases.get(0).top()).containsExactly(
        new TrainingProfile.OperatorTime("aten::mm", "[[2,3],[3,4]]", 1, 6e-6),
        new TrainingProfile.OperatorTime("aten::linear", "[[2,3],[4,3]]", 1, 4e-6));
    // backward: the autograd node 10 - its mm 8 = 2 us
    assertThat(phases.get(1).top()).extracting(TrainingProfile.OperatorTime::seconds)
        .containsExactly(8e-6, 2e-6);
    // after the last autograd event: two mul_ calls of 3 and 2 us; the sum inside the first
    // one's span ran on another thread, so nothing is subtracted for it
    assertThat(phases.get(2).top()).containsExactly(
        new TrainingProfile.OperatorTime("aten::mul_", "[[12],[]]", 2, 5e-6),
        new TrainingProfile.OperatorTime("aten::sum", "[[12]]", 1, 1e-6));
  }

  @Test
  void profilesARealTrainingStep() throws Exception {
    ModelConfig config = ModelConfig.llama(18, 16, 32, 1, 2, 1, 32, false);
    Path trace = dir.resolve("profile").resolve("step.json");
    try (PolicyModel model = PolicyModel.initialize(config, 1, Device.cpu());
        SupervisedStep sft = new SupervisedStep(model, new AdamW(0.9, 0.999, 1e-8, 0.01),
            update -> 1e-3, 1.0)) {
      List<TrainingProfile.Phase> phases = TrainingProfile.record(
          () -> sft.step(new int[][] {{3, 4}}, new int[][] {{5, 6, 7}}), trace, 3);

      assertThat(Files.size(trace)).isPositive();
      assertThat(phases).allSatisfy(p -> assertThat(p.seconds()).isPositive());
      assertThat(phases.get(1).top()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    }
  }
}
