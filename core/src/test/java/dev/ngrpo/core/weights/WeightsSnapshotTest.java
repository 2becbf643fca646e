package dev.ngrpo.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.NamedTensors;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightsSnapshotTest {
  private static final String CONFIG = "{\"hidden_size\": 64, \"name\": \"t\\u00e9st \\\"q\\\"\"}";

  /** Float bit patterns: NaNs with payloads (quiet and signaling), -0.0, subnormals. */
  private static final int[] PATTERNS = {0x00000000, 0x80000000, 0x7FC00000, 0x7FC12345, 0xFFC00001,
      0x7F800001, 0x7F800000, 0xFF800000, 0x00000001, 0x807FFFFF, 0x3F800000, 0xC0490FDB};

  private static Map<String, HostTensor> weights() {
    float[] patterns = new float[PATTERNS.length];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = Float.intBitsToFloat(PATTERNS[i]);
    }
    float[] ramp = new float[3 * 5];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = i * 0.1f;
    }
    Map<String, HostTensor> m = new LinkedHashMap<>();
    m.put("model.layers.0.mlp.up_proj.weight", new HostTensor(new long[] {3, 4}, patterns));
    m.put("model.norm.weight", new HostTensor(new long[] {3, 5}, ramp));
    m.put("empty", new HostTensor(new long[] {0}, new float[0]));
    return m;
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }

  @Test
  void roundTripIsExactToTheBit() {
    WeightsSnapshot snapshot = new WeightsSnapshot(7, CONFIG, weights());
    PolicyWeights encoded = snapshot.encode();
    assertThat(encoded.version()).isEqualTo(7);

    WeightsSnapshot decoded = WeightsSnapshot.decode(encoded);
    assertThat(decoded.version()).isEqualTo(7);
    assertThat(decoded.configJson()).isEqualTo(CONFIG);
    assertThat(decoded.tensors().keySet()).containsExactlyElementsOf(weights().keySet());
    weights().forEach((name, t) -> {
      assertThat(decoded.tensors().get(name).shape()).containsExactly(t.shape());
      assertThat(bits(decoded.tensors().get(name).values())).as(name)
          .containsExactly(bits(t.values()));
    });
    assertThat(bits(decoded.tensors().get("model.layers.0.mlp.up_proj.weight").values()))
        .containsExactly(PATTERNS);
    assertThat(decoded).isEqualTo(snapshot);
    assertThat(WeightsSnapshot.encode(7, CONFIG, weights())).isEqualTo(encoded);
  }

  @Test
  void encodingAModelParameterByParameterGivesTheSameBytesAsItsHostCopy() {
    ModelConfig config = ModelConfig.llama(20, 16, 32, 2, 4, 2, 16, false);
    try (PolicyModel model = PolicyModel.initialize(config, 5, Device.cpu())) {
      byte[] streamed = WeightsSnapshot.encode(9, model).bytes();
      byte[] copied = WeightsSnapshot.encode(9, config.toJson(), model.toHostTensors()).bytes();
      assertThat(streamed).isEqualTo(copied);
      assertThat(WeightsSnapshot.decode(new PolicyWeights(9, streamed)).tensors().keySet())
          .containsExactlyElementsOf(model.shapes().keySet());
    }
  }

  @Test
  void aVersionEncodedIntoTheArrayOfTheLastHasTheBytesOfAFreshEncoding() {
    ModelConfig config = ModelConfig.llama(20, 16, 32, 2, 4, 2, 16, false);
    try (PolicyModel model = PolicyModel.initialize(config, 5, Device.cpu())) {
      byte[] last = WeightsSnapshot.encode(8, model).payload().array();
      // every byte is written over: none of the last version's survives
      Arrays.fill(last, (byte) 0x5A);
      model.parameter("model.norm.weight").addi(1f);
      byte[] fresh = WeightsSnapshot.encode(9, model).bytes();
      PolicyWeights reused = WeightsSnapshot.encode(9, model, last);
      assertThat(reused.payload().array()).isSameAs(last);
      assertThat(reused.bytes()).isEqualTo(fresh);
      assertThat(WeightsSnapshot.decode(reused).version()).isEqualTo(9);
      // another length (a header padded longer) gets an array of its own
      byte[] shorter = Arrays.copyOf(last, last.length - 8);
      PolicyWeights own = WeightsSnapshot.encode(9, model, shorter);
      assertThat(own.payload().array()).isNotSameAs(shorter);
      assertThat(own.bytes()).isEqualTo(fresh);
    }
  }

  @Test
  void payloadIsAPlainSafetensorsFile() throws IOException {
    PolicyWeights encoded = WeightsSnapshot.encode(3, CONFIG, weights());
    NamedTensors file = SafetensorsReader.read(ByteBuffer.wrap(encoded.bytes()), "snapshot");
    assertThat(file.metadata()).containsEntry("format", "pt")
        .containsEntry(WeightsSnapshot.VERSION_KEY, "3")
        .containsEntry(WeightsSnapshot.CONFIG_KEY, CONFIG);
    // 8 + padded header + (12 + 15 + 0) floats * 4 bytes
    assertThat(encoded.bytes().length % 8).isEqualTo((27 * 4) % 8);
  }

  @Test
  void wrongOrCorruptPayloadsFailClearly() {
    PolicyWeights encoded = WeightsSnapshot.encode(3, CONFIG, weights());
    assertThatThrownBy(() -> WeightsSnapshot.decode(new PolicyWeights(4, encoded.bytes())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy weights v4: payload says version 3");
    byte[] cut = Arrays.copyOf(encoded.bytes(), encoded.bytes().length - 1);
    assertThatThrownBy(() -> WeightsSnapshot.decode(new PolicyWeights(3, cut)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("policy weights v3: truncated data: tensor 'model.norm.weight'");
    assertThatThrownBy(() -> WeightsSnapshot.decode(new PolicyWeights(3, new byte[] {1, 2})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 2 bytes");
  }

  @Test
  void modelsAboveTheByteArrayLimitAreRefusedBeforeAllocating() {
    // nine tensors sharing one 2^26-float array: 9 * 2^28 bytes = 2,415,919,104 > 2^31 - 9
    float[] shared = new float[1 << 26];
    Map<String, HostTensor> huge = new LinkedHashMap<>();
    for (int i = 0; i < 9; i++) {
      huge.put("w" + i, new HostTensor(new long[] {1 << 26}, shared));
    }
    assertThatThrownBy(() -> WeightsSnapshot.encode(1, "{}", huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("weights snapshot v1 needs ")
        .hasMessageContaining("(603979776 float32 parameters), above the 2147483639-byte limit"
            + " of one byte[]");
  }
}
