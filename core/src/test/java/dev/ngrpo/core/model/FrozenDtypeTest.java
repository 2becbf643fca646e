package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.ngrpo.core.safetensors.HostTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Half-precision frozen weights on the CPU: what is cast, how close the log-probs stay, and that
 * nothing trained is ever float16.
 */
class FrozenDtypeTest {
  /**
   * The stated tolerance: the largest |log p(F16 frozen) - log p(F32)| of a response token on
   * the tiny models. F16 keeps 11 significant bits (relative rounding 2^-11, about 4.9e-4) per
   * weight and per product input; the log-probs of these models move by at most 7.4e-5, and a
   * wrong cast (a float16 softmax, norm or residual stream) moves them by far more.
   */
  private static final float TOLERANCE = 5e-4f;
  private static final int[][] PROMPTS = {{3, 4, 5}, {7, 8}};
  private static final int[][] RESPONSES = {{2, 3, 1}, {4, 1}};
  private static final LoraSettings ALL = new LoraSettings(4, 8, LoraSettings.MODULES);

  @Test
  void autoIsHalfOnAGpuAndFloat32OnTheCpu() {
    assertThat(FrozenDtype.AUTO.on(Device.cpu())).isEqualTo(DataType.FLOAT32);
    assertThat(FrozenDtype.AUTO.on(Device.gpu(1))).isEqualTo(DataType.FLOAT16);
    assertThat(FrozenDtype.F16.on(Device.cpu())).isEqualTo(DataType.FLOAT16);
    assertThat(FrozenDtype.F32.on(Device.gpu(0))).isEqualTo(DataType.FLOAT32);
    assertThat(FrozenDtype.of("f16")).isEqualTo(FrozenDtype.F16);
    assertThat(FrozenDtype.NAMES).containsExactly("auto", "f32", "f16");
  }

  @Test
  void matricesBecomeHalfNormsAndBiasesStayFloat32AndValuesAreTheRoundedOnes() {
    ModelConfig c = TinyModels.gqaWithBias();
    Map<String, HostTensor> full;
    try (PolicyModel model = TinyModels.create(c, 5)) {
      full = model.toHostTensors();
    }
    try (PolicyModel half = TinyModels.create(c, 5).frozenIn(DataType.FLOAT16)) {
      assertThat(half.matrixType()).isEqualTo(DataType.FLOAT16);
      for (String name : half.parameterNames()) {
        NDArray p = half.parameter(name);
        assertThat(p.getDataType()).as(name).isEqualTo(p.getShape().dimension() == 2
            ? DataType.FLOAT16 : DataType.FLOAT32);
        float[] original = full.get(name).values();
        float[] read = half.values(name);
        for (int i = 0; i < read.length; i++) {
          // rounded to nearest with 11 significant bits: within half an ulp of the original,
          // 2^-11 relative, or 2^-25 among F16's subnormals (below 2^-14)
          assertThat(Math.abs(read[i] - original[i])).as(name)
              .isLessThanOrEqualTo(Math.max(Math.abs(original[i]) * 0x1p-11f, 0x1p-25f));
        }
      }
      assertThat(half.values("model.layers.0.input_layernorm.weight"))
          .containsExactly(full.get("model.layers.0.input_layernorm.weight").values());
    }
  }

  @Test
  void halfFrozenLogProbsMatchFloat32WithinTheStatedTolerance() {
    for (ModelConfig c : List.of(TinyModels.gqaWithBias(), TinyModels.tied())) {
      float[] f32;
      try (PolicyModel model = TinyModels.create(c, 5)) {
        assertThat(model.frozenIn(DataType.FLOAT32)).isSameAs(model);
        f32 = logProbs(model);
      }
      try (PolicyModel half = TinyModels.create(c, 5).frozenIn(DataType.FLOAT16)) {
        float[] f16 = logProbs(half);
        assertThat(f16).hasSameSizeAs(f32);
        float largest = 0;
        for (int i = 0; i < f32.length; i++) {
          largest = Math.max(largest, Math.abs(f16[i] - f32[i]));
        }
        assertThat(largest).as(c.toString()).isLessThan(TOLERANCE)
            // the cast did happen: some log-prob moved
            .isGreaterThan(0f);
      }
    }
  }

  @Test
  void aHalfBaseIsRunForwardOnlyAndTheMergedCopyOfAnAdaptedOneStaysHalf() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 7)
        .frozenIn(DataType.FLOAT16).withLora(ALL, 3)) {
      // training through it is refused: DJL's casts would drop the gradient silently
      model.setTrainable(true);
      try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        scope.suppressNotUsedWarning();
        assertThatThrownBy(() -> TokenScorer.score(model, m, PROMPTS, RESPONSES, 1f, false))
            .hasMessageContaining("a gradient cannot flow through float16 weight")
            .hasMessageContaining("ngrpo.model.frozen-dtype");
        gc.zeroGradients();
      }
      model.setTrainable(false);
      // adapters stay float32, and an executor's merged copy is float16 again
      assertThat(model.trainableParameters())
          .allMatch(t -> t.getDataType() == DataType.FLOAT32);
      for (NDArray b : model.trainableParameters()) {
        b.addi(0.01f); // B != 0, so the merged copy differs from the base
      }
      float[] adapted = logProbs(model);
      try (PolicyModel merged = model.copyTo(model.device())) {
        assertThat(merged.matrixType()).isEqualTo(DataType.FLOAT16);
        float[] plain = logProbs(merged);
        for (int i = 0; i < adapted.length; i++) {
          assertThat(Math.abs(plain[i] - adapted[i])).isLessThan(TOLERANCE);
        }
      }
      assertThat(logProbs(model)).isNotEqualTo(logProbs(model.withoutAdapters()));
    }
  }

  @Test
  void onlyAnUntrainedPlainModelIsCastAndOnlyToHalf() {
    try (PolicyModel trained = TinyModels.create(TinyModels.tied(), 1)) {
      trained.setTrainable(true);
      assertThatThrownBy(() -> trained.frozenIn(DataType.FLOAT16))
          .hasMessageContaining("is being trained");
    }
    try (PolicyModel adapted = TinyModels.create(TinyModels.tied(), 1).withLora(ALL, 1)) {
      assertThatThrownBy(() -> adapted.frozenIn(DataType.FLOAT16))
          .hasMessageContaining("before adding adapters");
    }
    try (PolicyModel plain = TinyModels.create(TinyModels.tied(), 1)) {
      assertThatThrownBy(() -> plain.frozenIn(DataType.FLOAT64))
          .hasMessageContaining("float32 or float16, not float64");
    }
  }

  private static float[] logProbs(PolicyModel model) {
    try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      return TokenScorer.score(model, m, PROMPTS, RESPONSES, 1f, false).logProbs().toFloatArray();
    }
  }
}
