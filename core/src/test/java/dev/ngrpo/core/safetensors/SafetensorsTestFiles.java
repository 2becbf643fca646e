package dev.ngrpo.core.safetensors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds safetensors bytes by hand, so tests do not depend on the writer they check. */
final class SafetensorsTestFiles {
  private SafetensorsTestFiles() {}

  /** {@code [u64 LE header length][header][data]}, header unpadded. */
  static byte[] file(String header, byte[] data) {
    return file(header.getBytes(StandardCharsets.UTF_8).length, header, data);
  }

  /** As {@link #file(String, byte[])} with a chosen (possibly lying) header length. */
  static byte[] file(long headerLength, String header, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength)
          .array());
      out.write(header.getBytes(StandardCharsets.UTF_8));
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Little-endian 16-bit words. */
  static byte[] shorts(int... words) {
    ByteBuffer b = ByteBuffer.allocate(words.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int w : words) {
      b.putShort((short) w);
    }
    return b.array();
  }

  /** Little-endian float32 values. */
  static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** An ordered map of tensors: name, tensor, name, tensor, ... */
  static Map<String, HostTensor> tensors(Object... nameThenTensor) {
    Map<String, HostTensor> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenTensor.length; i += 2) {
      m.put((String) nameThenTensor[i], (HostTensor) nameThenTensor[i + 1]);
    }
    return m;
  }

  /** Raw bits of every value, to compare NaN payloads too. */
  static int[] rawBits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
