package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.ngrpo.core.safetensors.HostTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LoRA adapters: the adapted projection, what trains, and B = 0 leaving the model unchanged. */
class LoraTest {
  private static final int[][] PROMPTS = {{3, 4, 5}, {7, 8}};
  private static final int[][] RESPONSES = {{2, 3, 1}, {4, 1}};
  private static final LoraSettings ALL = new LoraSettings(4, 8, LoraSettings.MODULES);

  @Test
  void anAdaptedProjectionAddsScaledBAx() {
    // hidden 2, one head of width 2: q_proj is (2, 2)
    ModelConfig c = ModelConfig.llama(8, 2, 2, 1, 1, 1, 8, true);
    LoraSettings q = new LoraSettings(1, 2, List.of("q_proj"));
    assertThat(q.projections(c)).containsExactly("model.layers.0.self_attn.q_proj");
    Map<String, HostTensor> ab = new LinkedHashMap<>();
    String p = "model.layers.0.self_attn.q_proj";
    ab.put(Adapters.nameA(p), new HostTensor(new long[] {1, 2}, new float[] {1, 2}));
    ab.put(Adapters.nameB(p), new HostTensor(new long[] {2, 1}, new float[] {3, 4}));
    try (NDManager m = NDManager.newBaseManager()) {
      Adapters adapters = Adapters.fromHostTensors(c, q, ab, m, "test");
      // s = alpha / r = 2; x = [1, 1]: x A^T = 3, (x A^T) B^T = [9, 12], times s = [18, 24]
      NDArray x = m.create(new float[] {1, 1}, new Shape(1, 2));
      assertThat(adapters.delta(x, p).toFloatArray()).containsExactly(18f, 24f);
      assertThat(adapters.delta(x, "model.layers.0.self_attn.k_proj")).isNull();
      // W = I: W + s B A = [[1 + 2*3, 2*6], [2*4, 1 + 2*8]] = [[7, 12], [8, 17]]
      NDArray w = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
      assertThat(adapters.merged(p, w).toFloatArray()).containsExactly(7f, 12f, 8f, 17f);
    }
  }

  @Test
  void newAdaptersLeaveTheLogProbsExactlyAsTheBasesAndTheMergedWeightsEqual() {
    for (ModelConfig c : List.of(TinyModels.gqaWithBias(), TinyModels.tied())) {
      float[] base;
      Map<String, HostTensor> weights;
      try (PolicyModel model = TinyModels.create(c, 5)) {
        base = logProbs(model);
        weights = model.toHostTensors();
      }
      try (PolicyModel adapted = TinyModels.create(c, 5).withLora(ALL, 9)) {
        assertThat(logProbs(adapted)).containsExactly(base);
        assertThat(logProbs(adapted.withoutAdapters())).containsExactly(base);
        assertThat(adapted.toHostTensors()).isEqualTo(weights);
        // A is U(-1/sqrt(in), 1/sqrt(in)) and not zero; B is zero
        String q = "model.layers.0.self_attn.q_proj";
        float[] a = adapted.adapters().toHostTensors().get(Adapters.nameA(q)).values();
        double bound = 1 / Math.sqrt(c.hiddenSize());
        for (float v : a) {
          assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
        }
        assertThat(a).isNotEqualTo(new float[a.length]);
        assertThat(adapted.adapters().toHostTensors().get(Adapters.nameB(q)).values())
            .containsOnly(0f);
      }
    }
  }

  @Test
  void gradientsReachTheAdaptersOnlyAndAStepChangesTheMergedModelNotTheBase() {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 7).withLora(ALL, 3)) {
      model.setTrainable(true);
      Map<String, HostTensor> base = model.withoutAdapters().toHostTensors();
      float[] before = logProbs(model);
      assertThat(model.trainableNames()).hasSize(2 * 7 * 2)
          .allMatch(n -> n.startsWith(Adapters.PREFIX)).first()
          .isEqualTo("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
      try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          ScoredTokens s = TokenScorer.score(model, m, PROMPTS, RESPONSES, 1f, false);
          gc.backward(s.logProbs().sum().neg());
        }
        assertThat(model.parameters()).noneMatch(NDArray::hasGradient);
        List<NDArray> trainable = model.trainableParameters();
        // B = 0: A's gradient (s B^T ...) is zero, B's is not
        assertThat(trainable.get(0).getGradient().toFloatArray()).containsOnly(0f);
        float[] gradB = trainable.get(1).getGradient().toFloatArray();
        assertThat(gradB).isNotEqualTo(new float[gradB.length]);
        for (NDArray t : trainable) {
          t.subi(t.getGradient().mul(0.5f));
        }
      }
      assertThat(model.withoutAdapters().toHostTensors()).isEqualTo(base);
      assertThat(model.toHostTensors()).isNotEqualTo(base);
      assertThat(logProbs(model)).isNotEqualTo(before);
      // the merged copy scores as the adapted model, to float rounding
      try (PolicyModel merged = model.copyTo(model.device())) {
        assertThat(merged.adapters().isEmpty()).isTrue();
        float[] adapted = logProbs(model);
        float[] plain = logProbs(merged);
        for (int i = 0; i < adapted.length; i++) {
          assertThat(plain[i]).isCloseTo(adapted[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
      }
    }
  }

  @Test
  void adaptersRoundTripUnderPeftNamesAndWrongOnesAreNamed() {
    Map<String, HostTensor> saved;
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 1).withLora(ALL, 2)) {
      saved = model.adapters().toHostTensors();
    }
    try (PolicyModel back = TinyModels.create(TinyModels.tied(), 1)
        .withAdapters(ALL, saved, "adapter_model.safetensors")) {
      assertThat(back.adapters().toHostTensors()).isEqualTo(saved);
    }
    Map<String, HostTensor> missing = new LinkedHashMap<>(saved);
    missing.remove(Adapters.nameB("model.layers.0.mlp.down_proj"));
    assertThatThrownBy(() -> TinyModels.create(TinyModels.tied(), 1)
        .withAdapters(ALL, missing, "a.safetensors"))
        .hasMessageContaining("a.safetensors: no adapter tensor "
            + "base_model.model.model.layers.0.mlp.down_proj.lora_B.weight");
    assertThatThrownBy(() -> TinyModels.create(TinyModels.tied(), 1)
        .withAdapters(new LoraSettings(4, 8, List.of("q_proj")), saved, "a.safetensors"))
        .hasMessageContaining("is not an adapter of target modules [q_proj] at rank 4");
    assertThatThrownBy(() -> new LoraSettings(4, 8, List.of("qkv")))
        .hasMessageContaining("unknown LoRA target module 'qkv'");
  }

  @Test
  void aPeftFolderHoldsTheAdaptersAndTheirSettings(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    var files = new dev.ngrpo.core.safetensors.LocalModelFiles(dir);
    Map<String, HostTensor> saved;
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 1)
        .withLora(new LoraSettings(2, 16, List.of("q_proj", "v_proj")), 4)) {
      saved = model.adapters().toHostTensors();
      PeftAdapter.save(model.adapters(), "/models/base", files);
    }
    var config = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(dir.resolve(PeftAdapter.CONFIG).toFile());
    assertThat(config.path("peft_type").asText()).isEqualTo("LORA");
    assertThat(config.path("r").asInt()).isEqualTo(2);
    assertThat(config.path("lora_alpha").asDouble()).isEqualTo(16.0);
    assertThat(config.path("target_modules").toString()).isEqualTo("[\"q_proj\",\"v_proj\"]");
    assertThat(config.path("base_model_name_or_path").asText()).isEqualTo("/models/base");
    PeftAdapter.Loaded back = PeftAdapter.load(files);
    assertThat(back.settings()).isEqualTo(new LoraSettings(2, 16, List.of("q_proj", "v_proj")));
    assertThat(back.tensors()).isEqualTo(saved).containsKey(
        "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight");
  }

  @Test
  void aPeftFolderKeepsLoraDropoutAndReadsAMissingOneAsZero(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    var files = new dev.ngrpo.core.safetensors.LocalModelFiles(dir);
    LoraSettings dropping = new LoraSettings(2, 16, List.of("q_proj"), 0.05);
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 1).withLora(dropping, 4)) {
      PeftAdapter.save(model.adapters(), "/models/base", files);
    }
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.nio.file.Path config = dir.resolve(PeftAdapter.CONFIG);
    assertThat(json.readTree(config.toFile()).path("lora_dropout").asDouble()).isEqualTo(0.05);
    assertThat(PeftAdapter.load(files).settings()).isEqualTo(dropping);
    // PEFT's default when the key is absent; a value that is not a number is named
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
    tree.remove("lora_dropout");
    json.writeValue(config.toFile(), tree);
    assertThat(PeftAdapter.load(files).settings())
        .isEqualTo(new LoraSettings(2, 16, List.of("q_proj")));
    tree.put("lora_dropout", "0.1");
    json.writeValue(config.toFile(), tree);
    assertThatThrownBy(() -> PeftAdapter.load(files)).hasMessageContaining(PeftAdapter.CONFIG)
        .hasMessageContaining("lora_dropout = \"0.1\" is not a number");
    tree.put("lora_dropout", 1.0);
    json.writeValue(config.toFile(), tree);
    assertThatThrownBy(() -> PeftAdapter.load(files)).hasMessageContaining(PeftAdapter.CONFIG)
        .hasMessageContaining("LoRA dropout must be in [0, 1), got 1.0");
  }

  private static float[] logProbs(PolicyModel model) {
    try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      return TokenScorer.score(model, m, PROMPTS, RESPONSES, 1f, false).logProbs().toFloatArray();
    }
  }
}
