package dev.ngrpo.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.Projection;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trained and frozen parameter counts, full and LoRA, on the Qwen2.5-0.5B shape. */
class TrainableParametersTest {
  /** Qwen2.5-0.5B: H 896, I 4864, 24 layers, 14 heads of 64, 2 kv heads, V 151,936, tied. */
  static final ModelConfig QWEN_05B = new ModelConfig("qwen2", 151936, 896, 4864, 24, 14, 2, 64,
      1e-6, 1_000_000.0, 32768, true, true, -1, -1);

  @Test
  void projectionsHaveTheirOutAndInWidths() {
    // Hq = 14 * 64 = 896, Hkv = 2 * 64 = 128
    assertThat(Arrays.stream(Projection.values()).map(p -> p.out(QWEN_05B) + "x" + p.in(QWEN_05B)))
        .containsExactly("896x896", "128x896", "128x896", "896x896", "4864x896", "4864x896",
            "896x4864");
    assertThat(Projection.named("gate_proj")).isEqualTo(Projection.GATE_PROJ);
    assertThatThrownBy(() -> Projection.named("qkv_proj"))
        .hasMessageContaining("'qkv_proj'").hasMessageContaining("q_proj, k_proj");
  }

  @Test
  void fullFineTuningTrainsEveryParameter() {
    TrainableParameters all = TrainableParameters.all();
    assertThat(QWEN_05B.parameterCount()).isEqualTo(494_032_768L);
    assertThat(all.trained(QWEN_05B)).isEqualTo(494_032_768L);
    assertThat(all.frozen(QWEN_05B)).isZero();
    // the embedding, 151,936 x 896
    assertThat(all.largestTrained(QWEN_05B)).isEqualTo(136_134_656L);
  }

  @Test
  void loraAddsRankTimesInPlusOutPerAdaptedProjectionAndFreezesTheBase() {
    TrainableParameters qv = TrainableParameters.lora(16,
        List.of(Projection.Q_PROJ, Projection.V_PROJ));
    // per layer: q 16 (896 + 896) = 28,672 and v 16 (896 + 128) = 16,384: 45,056; x 24 layers
    assertThat(qv.trained(QWEN_05B)).isEqualTo(1_081_344L);
    assertThat(qv.frozen(QWEN_05B)).isEqualTo(494_032_768L);
    // q's factors, 16 x 896
    assertThat(qv.largestTrained(QWEN_05B)).isEqualTo(14_336L);
    assertThat(qv.describe()).isEqualTo("LoRA r=16 on q_proj,v_proj");

    TrainableParameters every = TrainableParameters.lora(8, List.of(Projection.values()));
    // per layer, r = 8: q 14,336 + k 8,192 + v 8,192 + o 14,336 + gate 46,080 + up 46,080
    // + down 46,080 = 183,296; x 24 layers
    assertThat(every.trained(QWEN_05B)).isEqualTo(4_399_104L);
    // down_proj's A or gate's B: 8 x 4864
    assertThat(every.largestTrained(QWEN_05B)).isEqualTo(38_912L);
  }

  @Test
  void loraRefusesABadRankNoTargetAndRepeats() {
    assertThatThrownBy(() -> TrainableParameters.lora(0, List.of(Projection.Q_PROJ)))
        .hasMessageContaining("rank must be >= 1, got 0");
    assertThatThrownBy(() -> TrainableParameters.lora(8, List.of()))
        .hasMessageContaining("at least one target");
    assertThatThrownBy(() -> TrainableParameters.lora(8,
        List.of(Projection.Q_PROJ, Projection.Q_PROJ))).hasMessageContaining("repeat");
  }

  @Test
  void weightsCountFrozenAtTheirWidthAndTrainedInFloat32WithTheirState() {
    ModelWeights full = ModelWeights.fullF32(QWEN_05B);
    // 494,032,768 x 4
    assertThat(full.bytes()).isEqualTo(1_976_131_072L);
    assertThat(full.gradientBytes()).isEqualTo(1_976_131_072L);
    assertThat(full.adamBytes()).isEqualTo(3_952_262_144L);
    assertThat(full.frozenBytes()).isZero();
    assertThat(full.float32Bytes()).isEqualTo(1_976_131_072L);

    ModelWeights lora = new ModelWeights(QWEN_05B, TrainableParameters.lora(16,
        List.of(Projection.Q_PROJ, Projection.V_PROJ)), 2);
    // frozen F16: 494,032,768 x 2; adapters F32: 1,081,344 x 4
    assertThat(lora.frozenBytes()).isEqualTo(988_065_536L);
    assertThat(lora.trainedBytes()).isEqualTo(4_325_376L);
    assertThat(lora.bytes()).isEqualTo(992_390_912L);
    assertThat(lora.gradientBytes()).isEqualTo(4_325_376L);
    assertThat(lora.adamBytes()).isEqualTo(8_650_752L);
    // a float32 copy of base and adapters: (494,032,768 + 1,081,344) x 4
    assertThat(lora.float32Bytes()).isEqualTo(1_980_456_448L);
    assertThat(lora.referenceBytes()).isEqualTo(1_976_131_072L);
    assertThatThrownBy(() -> new ModelWeights(QWEN_05B, TrainableParameters.all(), 3))
        .hasMessageContaining("got 3");
  }
}
