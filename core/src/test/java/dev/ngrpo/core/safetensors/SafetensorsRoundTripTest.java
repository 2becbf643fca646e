package dev.ngrpo.core.safetensors;

import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.file;
import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.floats;
import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.rawBits;
import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.shorts;
import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.tensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
  @TempDir
  Path dir;

  private static final float NAN_PAYLOAD = Float.intBitsToFloat(0x7FC12345);
  private static final float NEGATIVE_NAN = Float.intBitsToFloat(0xFFC00001);

  private static Map<String, HostTensor> sample() {
    float[] big = new float[70_000]; // spans two 65536-element write chunks
    for (int i = 0; i < big.length; i++) {
      big[i] = (float) Math.sin(i) * 1e-3f;
    }
    return tensors(
        "model.embed_tokens.weight", new HostTensor(new long[] {2, 3},
            new float[] {1f, -0.0f, NAN_PAYLOAD, NEGATIVE_NAN, Float.MIN_VALUE, Float.MAX_VALUE}),
        "scalar", new HostTensor(new long[] {}, new float[] {Float.NEGATIVE_INFINITY}),
        "empty", new HostTensor(new long[] {0, 4}, new float[0]),
        "big", new HostTensor(new long[] {70_000}, big));
  }

  private static byte[] write(Map<String, HostTensor> t, Map<String, String> meta, DType dtype)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafetensorsWriter.write(out, t, meta, dtype);
    return out.toByteArray();
  }

  private static void assertBitExact(Map<String, HostTensor> actual,
      Map<String, HostTensor> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((name, t) -> {
      assertThat(actual.get(name).shape()).as(name).containsExactly(t.shape());
      assertThat(rawBits(actual.get(name).values())).as(name).containsExactly(rawBits(t.values()));
    });
  }

  @Test
  void f32RoundTripIsBitExactThroughFileStreamAndBuffer() throws IOException {
    Map<String, HostTensor> t = sample();
    Map<String, String> meta = Map.of("format", "pt", "note", "caf\u00e9 \"quoted\"");
    Path file = dir.resolve("model.safetensors");
    SafetensorsWriter.write(file, t, meta, DType.F32);
    byte[] bytes = Files.readAllBytes(file);

    NamedTensors fromFile = SafetensorsReader.read(file);
    NamedTensors fromStream = SafetensorsReader.read(new ByteArrayInputStream(bytes), "mem");
    NamedTensors fromBuffer = SafetensorsReader.read(ByteBuffer.wrap(bytes), "mem");
    for (NamedTensors read : new NamedTensors[] {fromFile, fromStream, fromBuffer}) {
      assertBitExact(read.tensors(), t);
      assertThat(read.metadata()).isEqualTo(meta);
    }
    assertThat(fromFile.tensors()).isEqualTo(t);
  }

  @Test
  void bf16RoundTripOfBf16RepresentableValuesIsExact() throws IOException {
    // values whose low 16 bits are zero: 1, -2, 0.15625 (0x3E200000), -0, inf, a bf16 NaN.
    float[] v = {1f, -2f, 0.15625f, -0.0f, Float.POSITIVE_INFINITY,
        Float.intBitsToFloat(0x7FC10000)};
    Map<String, HostTensor> t = tensors("w", new HostTensor(new long[] {3, 2}, v));
    byte[] bytes = write(t, Map.of(), DType.BF16);
    assertThat(bytes.length).isEqualTo(8 + headerLength(bytes) + 6 * 2);
    assertBitExact(SafetensorsReader.read(ByteBuffer.wrap(bytes), "mem").tensors(), t);
    assertBitExact(SafetensorsReader.read(new ByteArrayInputStream(bytes), "mem").tensors(), t);
  }

  @Test
  void bf16WritingRoundsToNearestEven() throws IOException {
    // 1 + 2^-8 is a tie between 1 and 1 + 2^-7 and goes to the even 1; 1 + 3 * 2^-9 rounds up.
    Map<String, HostTensor> t = tensors("w", new HostTensor(new long[] {2},
        new float[] {1.00390625f, 1.005859375f}));
    NamedTensors read =
        SafetensorsReader.read(ByteBuffer.wrap(write(t, Map.of(), DType.BF16)), "m");
    assertThat(read.tensors().get("w").values()).containsExactly(1f, 1.0078125f);
  }

  @Test
  void writerOutputIsExactAndAligned() throws IOException {
    Map<String, HostTensor> t = tensors("a", new HostTensor(new long[] {1}, new float[] {1f}));
    byte[] bytes = write(t, Map.of("k", "v"), DType.F32);
    String json = "{\"__metadata__\":{\"k\":\"v\"},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    // 79 JSON bytes padded with 1 space to 80, so the data starts at 8 + 80 = 88, a multiple of 8
    assertThat(json).hasSize(79);
    assertThat(headerLength(bytes)).isEqualTo(80);
    assertThat(new String(bytes, 8, 80, StandardCharsets.UTF_8)).isEqualTo(json + " ");
    assertThat(Arrays.copyOfRange(bytes, 88, 92)).containsExactly(floats(1f));
    assertThat(write(t, Map.of("k", "v"), DType.F32)).isEqualTo(bytes);
    assertThat(SafetensorsWriter.toBytes(t, Map.of("k", "v"), DType.F32)).isEqualTo(bytes);
    assertThat(SafetensorsWriter.fileBytes(t, Map.of("k", "v"), DType.F32)).isEqualTo(92);
  }

  @Test
  void readsF16AndBf16WrittenByHand() throws IOException {
    // header lists BF16 first, but its data comes second: tensors come back in offset order.
    String header = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]},"
        + "\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}";
    byte[] data = new byte[12];
    System.arraycopy(shorts(0x3C00, 0xC000, 0x3800, 0x0001), 0, data, 0, 8);
    System.arraycopy(shorts(0x3F80, 0xC040), 0, data, 8, 4);
    byte[] bytes = file(header, data);

    NamedTensors read = SafetensorsReader.read(new ByteArrayInputStream(bytes), "hand");
    assertThat(read.tensors().keySet()).containsExactly("h", "b");
    // f16: 0x3C00 = 1, 0xC000 = -2, 0x3800 = 0.5, 0x0001 = 2^-24
    assertThat(read.tensors().get("h"))
        .isEqualTo(new HostTensor(new long[] {2, 2}, new float[] {1f, -2f, 0.5f, 0x1p-24f}));
    // bf16: 0x3F80 = 1, 0xC040 = -3
    assertThat(read.tensors().get("b").values()).containsExactly(1f, -3f);
    assertThat(read.metadata()).isEmpty();
    assertThat(SafetensorsReader.read(ByteBuffer.wrap(bytes), "hand").tensors())
        .isEqualTo(read.tensors());
  }

  @Test
  void writerRejectsF16AndTheMetadataName() {
    Map<String, HostTensor> t = tensors("a", HostTensor.zeros(1));
    assertThatThrownBy(() -> write(t, Map.of(), DType.F16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("F32 or BF16");
    assertThatThrownBy(() -> write(tensors("__metadata__", HostTensor.zeros(1)), Map.of(),
        DType.F32)).isInstanceOf(IllegalArgumentException.class);
  }

  private static int headerLength(byte[] bytes) {
    return (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @Test
  void slicesAreUndecodedViewsOfTheBytesInFileOrder() throws IOException {
    byte[] bytes = write(sample(), Map.of("k", "v"), DType.F32);
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, RawTensor> raw = SafetensorsReader.slices(ByteBuffer.wrap(bytes), "mem",
        metadata);
    assertThat(metadata).containsExactly(Map.entry("k", "v"));
    assertThat(raw.keySet()).containsExactlyElementsOf(sample().keySet());
    RawTensor embed = raw.get("model.embed_tokens.weight");
    assertThat(embed.dtype()).isEqualTo(DType.F32);
    assertThat(embed.shape()).containsExactly(2, 3);
    assertThat(embed.data().remaining()).isEqualTo(24);
    assertThat(embed.data().order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(raw.get("empty").data().remaining()).isZero();
    // a view, not a copy: the slice sees a change of the source's bytes
    float before = embed.data().getFloat(0);
    assertThat(before).isEqualTo(1f);
    int offset = indexOf(bytes, embed.data());
    bytes[offset + 3] ^= 0x40;
    assertThat(embed.data().getFloat(0)).isNotEqualTo(before);
    assertBitExact(Map.of("scalar", raw.get("scalar").decode()),
        Map.of("scalar", sample().get("scalar")));
  }

  /** Where {@code view}'s first byte lies in {@code bytes}. */
  private static int indexOf(byte[] bytes, ByteBuffer view) {
    byte[] head = new byte[view.remaining()];
    view.duplicate().get(head);
    for (int i = 0; i + head.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + head.length, head, 0, head.length)) {
        return i;
      }
    }
    throw new AssertionError("view not found");
  }
}
