package dev.ngrpo.core.safetensors;

import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.tensors;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TensorLayoutTest {
  private static final String Q = "model.layers.0.self_attn.q_proj.weight";

  private static TensorLayout layout() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("model.embed_tokens.weight", new long[] {100, 64});
    shapes.put(Q, new long[] {64, 64});
    shapes.put("model.norm.weight", new long[] {64});
    return TensorLayout.of(shapes);
  }

  @Test
  void matchingTensorsPass() {
    assertThatCode(() -> layout().check(tensors(
        "model.norm.weight", HostTensor.zeros(64),
        Q, HostTensor.zeros(64, 64),
        "model.embed_tokens.weight", HostTensor.zeros(100, 64)), "m")).doesNotThrowAnyException();
  }

  @Test
  void listsMissingExtraAndMisShapedTensors() {
    Map<String, HostTensor> found = tensors(
        Q, HostTensor.zeros(64, 32),
        "model.norm.weight", HostTensor.zeros(64),
        "lm_head.weight", HostTensor.zeros(100, 64));
    assertThatThrownBy(() -> layout().check(found, "/ckpt/step-10/model.safetensors"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/ckpt/step-10/model.safetensors: tensors do not match the model"
            + " (1 missing, 1 extra, 1 mis-shaped)\n"
            + "  missing model.embed_tokens.weight: expected [100, 64]\n"
            + "  extra lm_head.weight: found [100, 64]\n"
            + "  mis-shaped " + Q + ": expected [64, 64], found [64, 32]");
  }

  @Test
  void longListsAreCut() {
    Map<String, HostTensor> found = new LinkedHashMap<>();
    for (int i = 0; i < 25; i++) {
      found.put("x" + i, HostTensor.zeros(1));
    }
    found.putAll(tensors("model.embed_tokens.weight", HostTensor.zeros(100, 64),
        Q, HostTensor.zeros(64, 64), "model.norm.weight", HostTensor.zeros(64)));
    // 25 extra tensors: 20 listed, then a count of the other 5
    assertThatThrownBy(() -> layout().check(found, "m"))
        .hasMessageStartingWith("m: tensors do not match the model (0 missing, 25 extra, 0"
            + " mis-shaped)\n  extra x0: found [1]\n")
        .hasMessageEndingWith("  extra x19: found [1]\n  ... and 5 more extra");
  }
}
