package dev.ngrpo.rollout.worker;

import static ai.djl.ndarray.types.DataType.FLOAT16;
import static ai.djl.ndarray.types.DataType.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.model.FrozenDtype;
import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.TokenScorer;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.weights.WeightsSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Executors' rollout copies with float16 frozen matrices (ngrpo.model.frozen-dtype = f16). */
class HalfFrozenCopiesTest {
  private static final LoraSettings LORA = new LoraSettings(2, 4, LoraSettings.MODULES);
  private static final int[][] PROMPTS = {{3, 4, 5}, {7, 8}};
  private static final int[][] RESPONSES = {{2, 3, 1}, {4, 1}};

  @AfterEach
  void freeModels() {
    PolicyCache.shared().clear();
  }

  @Test
  void anF16JobRollsOutFromAHalfCopyCachedApartFromFloat32Ones() {
    PolicyWeights w = RolloutPartitionTest.weights(0, 1);
    PolicySource source = PolicySource.snapshot(() -> w);
    RolloutJob plain = RolloutPartitionTest.job(3, 5);
    RolloutJob half = new RolloutJob(plain.runId(), plain.runSeed(), plain.step(),
        plain.rollout(), plain.stopIds(), plain.verifier(), plain.tokenizer(), FrozenDtype.F16);
    List<RolloutGroup> groups = RolloutPartitionTest.run(half, source,
        RolloutPartitionTest.tasks("12+34", "7*8"));
    assertThat(groups).hasSize(2).allMatch(g -> g.groupSize() == 4);
    long builds = PolicyCache.shared().builds();
    try (ModelLease lease = PolicyCache.shared().acquire(plain.runId(), 0, Device.cpu(),
        FLOAT16, source)) {
      assertThat(lease.model().matrixType()).isEqualTo(FLOAT16);
    }
    assertThat(PolicyCache.shared().builds()).isEqualTo(builds);
    try (ModelLease lease = PolicyCache.shared().acquire(plain.runId(), 0, Device.cpu(),
        FLOAT32, source)) {
      assertThat(lease.model().matrixType()).isEqualTo(FLOAT32);
    }
    assertThat(PolicyCache.shared().builds()).isEqualTo(builds + 1);
    // auto is float32 on the CPU
    assertThat(plain.frozen().on(Device.cpu())).isEqualTo(FLOAT32);
  }

  @Test
  void anAdaptedVersionKeepsItsBaseHalfAndItsAdaptersFloat32MergedOrNot() {
    PolicyWeights base = RolloutPartitionTest.weights(0, 2);
    Map<String, HostTensor> tensors;
    try (PolicyModel model = WeightsSnapshot.toModel(base, Device.cpu()).withLora(LORA, 6)) {
      tensors = new LinkedHashMap<>(model.adapters().toHostTensors());
    }
    // B = 0.01 everywhere, so the adapters change the model
    tensors.replaceAll((name, t) -> name.endsWith("lora_B.weight")
        ? new HostTensor(t.shape(), filled(t.values().length, 0.01f)) : t);
    PolicyWeights adapters = WeightsSnapshot.encode(1, LORA.toString(), tensors);
    PolicySource baseSource = PolicySource.snapshot(() -> base);
    float[] reference;
    try (PolicyModel f32 = new AdaptedSource("half-test-f32", baseSource, () -> adapters, LORA,
        true).build(Device.cpu(), FLOAT32)) {
      assertThat(f32.matrixType()).isEqualTo(FLOAT32);
      reference = logProbs(f32);
    }
    for (boolean merged : new boolean[] {true, false}) {
      try (PolicyModel m = new AdaptedSource("half-test-" + merged, baseSource, () -> adapters,
          LORA, merged).build(Device.cpu(), FLOAT16)) {
        assertThat(m.matrixType()).as("merged %s", merged).isEqualTo(FLOAT16);
        assertThat(m.adapters().isEmpty()).isEqualTo(merged);
        if (!merged) {
          assertThat(m.adapters().toHostTensors()).isEqualTo(tensors);
        }
        float[] got = logProbs(m);
        for (int i = 0; i < got.length; i++) {
          // FrozenDtypeTest's tolerance for F16 matrices
          assertThat(Math.abs(got[i] - reference[i])).as("merged %s, token %d", merged, i)
              .isLessThan(5e-4f);
        }
      }
    }
  }

  private static float[] filled(int n, float value) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, value);
    return out;
  }

  private static float[] logProbs(PolicyModel model) {
    try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      return TokenScorer.score(model, m, PROMPTS, RESPONSES, 1f, false).logProbs().toFloatArray();
    }
  }
}
