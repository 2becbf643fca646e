package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {
  @Test
  void familiesByModelType() {
    assertThat(Architectures.names()).containsExactly("llama", "qwen2");
    assertThat(Architectures.of("llama").causalLmClass()).isEqualTo("LlamaForCausalLM");
    assertThat(Architectures.of("qwen2").causalLmClass()).isEqualTo("Qwen2ForCausalLM");
    assertThat(Architectures.of("llama").attentionBiasByDefault()).isFalse();
    assertThat(Architectures.of("qwen2").attentionBiasByDefault()).isTrue();
    assertThat(TinyModels.gqaWithBias().architecture()).isInstanceOf(Qwen2Architecture.class);
  }

  @Test
  void anUnknownModelTypeListsTheKnownOnes() {
    String mistral = TinyModels.tied().toJson().replace("\"llama\"", "\"mistral\"");
    assertThatThrownBy(() -> ModelConfig.fromJson(mistral, "m/config.json"))
        .hasMessage("m/config.json: config.json field model_type = mistral must be one of llama,"
            + " qwen2");
    assertThatThrownBy(() -> Architectures.of("mistral"))
        .hasMessage("unknown model_type 'mistral'; known: llama, qwen2");
  }

  @Test
  void theLayoutHoldsEveryParameterOnce() {
    for (ModelConfig c : List.of(TinyModels.gqaWithBias(), TinyModels.tied())) {
      Map<String, long[]> shapes = c.architecture().parameterShapes(c);
      long total = 0;
      for (long[] shape : shapes.values()) {
        long n = 1;
        for (long d : shape) {
          n *= d;
        }
        total += n;
      }
      assertThat(total).isEqualTo(c.parameterCount());
    }
    // 2 layers x 12 tensors (2 norms, q/k/v/o, gate/up/down, 3 biases) + embedding, final norm,
    // untied head
    assertThat(TinyModels.gqaWithBias().architecture()
        .parameterShapes(TinyModels.gqaWithBias())).hasSize(27);
  }

  @Test
  void checkpointExtrasAreIgnoredOnLoad() {
    Architecture llama = Architectures.of("llama");
    assertThat(llama.ignoredOnLoad(TinyModels.tied(), LlamaArchitecture.LM_HEAD)).isTrue();
    assertThat(llama.ignoredOnLoad(TinyModels.gqaWithBias(), LlamaArchitecture.LM_HEAD)).isFalse();
    String rotaryBuffer = "model.layers.0.self_attn.rotary_emb.inv_freq";
    assertThat(llama.ignoredOnLoad(TinyModels.tied(), rotaryBuffer)).isTrue();
  }
}
