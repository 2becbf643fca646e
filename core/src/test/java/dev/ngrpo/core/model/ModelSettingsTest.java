package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import dev.ngrpo.core.safetensors.DType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {
  private static final Config REFERENCE = ConfigFactory.parseResources("reference.conf");

  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(REFERENCE).resolve();
  }

  @Test
  void defaultsDescribeTheDefaultSmallModel() {
    ModelSettings s = ModelSettings.from(with(""));
    assertThat(s.fresh()).isTrue();
    assertThat(s.saveDtype()).isEqualTo(DType.F32);
    assertThat(s.maxShardBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(s.frozenDtype()).isEqualTo(FrozenDtype.AUTO);
    ModelConfig c = s.freshConfig(19, 1);
    // 19*128 embed + 4 * (128*128*2 + 2*128*64 + 3*128*384 + 2*128) + 128 + 19*128 head
    assertThat(c.parameterCount()).isEqualTo(19 * 128 * 2 + 4L * (32768 + 16384 + 147456 + 256) + 128);
    assertThat(c.eosTokenId()).isEqualTo(1);
  }

  @Test
  void theModelsOwnChatTemplateNeedsAFolder() {
    assertThat(ModelSettings.from(with("ngrpo.model { path = \"/m\", chat-template = model }"))
        .chatTemplate()).isEqualTo("model");
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.chat-template = model")))
        .hasMessageContaining("ngrpo.model.chat-template")
        .hasMessageContaining("'model' renders the model folder's own template, and a fresh"
            + " model (path = \"\") has none: use 'plain' or 'chatml'");
  }

  @Test
  void loraIsOffByDefaultAndItsKeysAreChecked() {
    assertThat(ModelSettings.from(with("")).lora()).isEqualTo(LoraSettings.OFF);
    LoraSettings on = ModelSettings.from(with(
        "ngrpo.model.lora { rank = 8, alpha = 32, target-modules = [q_proj, v_proj] }")).lora();
    assertThat(on).isEqualTo(new LoraSettings(8, 32, java.util.List.of("q_proj", "v_proj")));
    assertThat(on.scale()).isEqualTo(4.0);
    assertThat(ModelSettings.from(with("ngrpo.model.lora.rank = 4")).lora().targetModules())
        .isEqualTo(LoraSettings.MODULES);
    assertThatThrownBy(() -> ModelSettings.from(with(
        "ngrpo.model.lora { rank = 4, target-modules = [qkv_proj] }")))
        .hasMessageContaining("ngrpo.model.lora.target-modules")
        .hasMessageContaining("unknown projection 'qkv_proj'");
    assertThatThrownBy(() -> ModelSettings.from(with(
        "ngrpo.model.lora { rank = 4, target-modules = [] }")))
        .hasMessageContaining("ngrpo.model.lora.target-modules").hasMessageContaining("empty");
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.lora.rank = -1")))
        .hasMessageContaining("ngrpo.model.lora.rank");
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.lora.alpha = 0")))
        .hasMessageContaining("ngrpo.model.lora.alpha");
  }

  @Test
  void loraDropoutIsAProbabilityBelowOne() {
    // PEFT's default lora_dropout
    assertThat(ModelSettings.from(with("ngrpo.model.lora.rank = 4")).lora().dropout()).isZero();
    assertThat(ModelSettings.from(with("ngrpo.model.lora { rank = 4, dropout = 0.1 }")).lora())
        .isEqualTo(new LoraSettings(4, 16, LoraSettings.MODULES, 0.1));
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.lora.dropout = -0.1")))
        .hasMessageContaining("ngrpo.model.lora.dropout").hasMessageContaining("got -0.1");
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.lora.dropout = 1.0")))
        .hasMessageContaining("ngrpo.model.lora.dropout")
        .hasMessageContaining("must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.lora.dropout = some")))
        .hasMessageContaining("ngrpo.model.lora.dropout");
    // checked with LoRA off too, so a typo does not wait for the day rank is raised
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.lora { rank = 0,"
        + " dropout = 2 }"))).hasMessageContaining("ngrpo.model.lora.dropout");
  }

  @Test
  void badValuesNameTheirKeys() {
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.init.heads = 3")))
        .hasMessageContaining("ngrpo.model.init.heads").hasMessageContaining("must divide hidden-size = 128, got 3");
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.init.kv-heads = 3")))
        .hasMessageContaining("ngrpo.model.init.kv-heads");
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.save-dtype = f16")))
        .hasMessageContaining("ngrpo.model.save-dtype").hasMessageContaining("got 'f16'");
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.frozen-dtype = bf16")))
        .hasMessageContaining("ngrpo.model.frozen-dtype").hasMessageContaining("got 'bf16'");
    assertThat(ModelSettings.from(with("ngrpo.model.frozen-dtype = f16")).frozenDtype())
        .isEqualTo(FrozenDtype.F16);
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.init.layers = many")))
        .hasMessageContaining("ngrpo.model.init.layers");
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.init.layers = 0")))
        .hasMessageContaining("ngrpo.model.init.layers").hasMessageContaining("got 0");
    // a fresh model's sizes have config.json's bounds, checked at load under their keys
    assertThatThrownBy(() -> ModelSettings.from(with("ngrpo.model.init.layers = 1025")))
        .hasMessageContaining("ngrpo.model.init.layers").hasMessageContaining("1024")
        .hasMessageContaining("1025");
    // 65,536 x 65,536 = 2^32 elements in q_proj: each size within bounds, the weight too large
    assertThatThrownBy(() -> ModelSettings.from(with(
        "ngrpo.model.init { hidden-size = 65536, heads = 16 }")))
        .hasMessageContaining("ngrpo.model.init")
        .hasMessageContaining("num_attention_heads = 16")
        .hasMessageContaining("makes q_proj (num_attention_heads * head_dim x hidden_size)"
            + " 4294967296 elements");
  }

  @Test
  void everyReferenceKeyHasAComment() {
    for (Map.Entry<String, ConfigValue> e : REFERENCE.entrySet()) {
      assertThat(e.getValue().origin().comments()).as(e.getKey()).isNotEmpty();
    }
  }
}
