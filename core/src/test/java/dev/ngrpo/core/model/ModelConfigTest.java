package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelConfigTest {
  private static final String QWEN25_05B = """
      {"architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643,
       "eos_token_id": 151643, "hidden_act": "silu", "hidden_size": 896,
       "initializer_range": 0.02, "intermediate_size": 4864, "max_position_embeddings": 32768,
       "max_window_layers": 24, "model_type": "qwen2", "num_attention_heads": 14,
       "num_hidden_layers": 24, "num_key_value_heads": 2, "rms_norm_eps": 1e-06,
       "rope_scaling": null, "rope_theta": 1000000.0, "sliding_window": 32768,
       "tie_word_embeddings": true, "torch_dtype": "bfloat16", "use_cache": true,
       "use_sliding_window": false, "vocab_size": 151936}
      """;

  @Test
  void readsQwen2ConfigWithImpliedBiasAndHeadDim() {
    ModelConfig c = ModelConfig.fromJson(QWEN25_05B, "config.json");
    assertThat(c.modelType()).isEqualTo("qwen2");
    assertThat(c.attentionBias()).isTrue(); // Qwen2 always has q/k/v bias
    assertThat(c.headDim()).isEqualTo(64); // 896 / 14
    assertThat(c.groupsPerKvHead()).isEqualTo(7);
    assertThat(c.tieWordEmbeddings()).isTrue();
    assertThat(c.ropeTheta()).isEqualTo(1_000_000.0);
    // 151936*896 embed + 24 * (attention 896*896*2 + 896*128*2 + biases 896+256
    //  + mlp 3*896*4864 + norms 2*896) + final norm 896 = 494,032,768 (the published 0.49B)
    assertThat(c.parameterCount()).isEqualTo(494_032_768L);
  }

  @Test
  void jsonRoundTrips() {
    ModelConfig c = TinyModels.gqaWithBias();
    assertThat(ModelConfig.fromJson(c.toJson(), "x")).isEqualTo(c);
    ModelConfig t = TinyModels.tied();
    assertThat(ModelConfig.fromJson(t.toJson(), "x")).isEqualTo(t);
  }

  @Test
  void rejectsBadFieldsNamingThem() {
    assertThatThrownBy(() -> ModelConfig.fromJson(
        QWEN25_05B.replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3"), "a/config.json"))
        .hasMessageContaining("a/config.json")
        .hasMessageContaining("num_key_value_heads = 3")
        .hasMessageContaining("must divide num_attention_heads = 14");
    assertThatThrownBy(() -> ModelConfig.fromJson(
        QWEN25_05B.replace("\"rope_scaling\": null", "\"rope_scaling\": {\"type\": \"yarn\"}"), "c"))
        .hasMessageContaining("rope_scaling").hasMessageContaining("not supported");
    assertThatThrownBy(() -> ModelConfig.fromJson(
        QWEN25_05B.replace("\"hidden_size\": 896,", ""), "c"))
        .hasMessageContaining("hidden_size is missing");
    assertThatThrownBy(() -> ModelConfig.fromJson("[1]", "c"))
        .hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> ModelConfig.fromJson("{", "c")).hasMessageContaining("not valid JSON");
  }

  @Test
  void sizesAreBoundedBeforeAnythingIsAllocatedNamingFileFieldValueAndBound() {
    // 2^27 used to fail as "Index 0 out of bounds", 2^26 as a negative array size
    assertThatThrownBy(() -> ModelConfig.fromJson(QWEN25_05B.replace(
        "\"max_position_embeddings\": 32768", "\"max_position_embeddings\": 134217728"),
        "/m/config.json"))
        .hasMessage("/m/config.json: config.json field max_position_embeddings = 134217728"
            + " must be in [1, 16777216]");
    String[][] cases = {
        {"\"num_hidden_layers\": 24", "\"num_hidden_layers\": 1025",
            "num_hidden_layers = 1025 must be in [1, 1024]"},
        {"\"hidden_size\": 896", "\"hidden_size\": 1048572",
            "hidden_size = 1048572 must be in [1, 262144]"},
        {"\"num_attention_heads\": 14", "\"num_attention_heads\": 2048, \"head_dim\": 64",
            "num_attention_heads = 2048 must be in [1, 1024]"},
        {"\"num_key_value_heads\": 2", "\"num_key_value_heads\": 0",
            "num_key_value_heads = 0 must be in [1, 1024]"},
        {"\"num_attention_heads\": 14", "\"num_attention_heads\": 14, \"head_dim\": 8192",
            "head_dim = 8192 must be in [1, 4096]"},
        {"\"intermediate_size\": 4864", "\"intermediate_size\": 300000",
            "intermediate_size = 300000 must be in [1, 262144]"},
        {"\"vocab_size\": 151936", "\"vocab_size\": 8388608",
            "vocab_size = 8388608 must be in [1, 4194304]"},
        // 4,194,304 x 896 = 3,758,096,384 elements: within each bound, too large for one array
        {"\"vocab_size\": 151936", "\"vocab_size\": 4194304",
            "vocab_size = 4194304 makes the embedding (vocab_size x hidden_size) 3758096384"
                + " elements, more than one tensor may hold (2147483639)"},
    };
    for (String[] c : cases) {
      assertThat(QWEN25_05B).contains(c[0]);
      assertThatThrownBy(() -> ModelConfig.fromJson(QWEN25_05B.replace(c[0], c[1]),
          "/m/config.json")).as(c[1])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("/m/config.json: config.json field " + c[2]);
    }
  }
}
