package dev.ngrpo.core.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes {@link HostTensor}s in the safetensors format as F32 or BF16 (rounded to nearest even,
 * see {@link DType#f32ToBf16}).
 *
 * <p>The output is a pure function of the arguments: tensors appear in the map's iteration
 * order (pass a {@code LinkedHashMap} or {@code TreeMap}), laid out back to back from data
 * offset 0; {@code __metadata__} comes first with its keys sorted; the JSON is compact and,
 * as in the reference implementation, padded with spaces so the data section starts at a
 * multiple of 8 bytes ({@code (8 + headerLength) % 8 == 0}).
 */
public final class SafetensorsWriter {
  /** The largest byte array HotSpot allocates; {@link #toBytes} fails above it. */
  public static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private static final JsonFactory JSON = new JsonFactory();
  private static final int CHUNK_ELEMENTS = 1 << 16;

  private SafetensorsWriter() {}

  /** Writes a local file (created or replaced). */
  public static void write(Path file, Map<String, HostTensor> tensors,
      Map<String, String> metadata, DType dtype) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(out, tensors, metadata, dtype);
    }
  }

  /** Writes one safetensors file to {@code out}; does not close it. */
  public static void write(OutputStream out, Map<String, HostTensor> tensors,
      Map<String, String> metadata, DType dtype) throws IOException {
    write(out, shapes(tensors), metadata, dtype, name -> tensors.get(name).values());
  }

  /**
   * Writes one safetensors file to {@code out}, asking {@code values} for one tensor at a time,
   * so that the heap holds one tensor's values (straight from a device) and a 256 KB buffer;
   * does not close {@code out}.
   *
   * @param shapes tensor names and shapes, in file order
   * @param values the values of a named tensor, {@code product(shape)} floats
   */
  public static void write(OutputStream out, Map<String, long[]> shapes,
      Map<String, String> metadata, DType dtype, Function<String, float[]> values)
      throws IOException {
    byte[] header = headerOf(shapes, metadata, dtype);
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    out.write(prefix.putLong(header.length).array());
    out.write(header);
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * dtype.byteSize())
        .order(ByteOrder.LITTLE_ENDIAN);
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      float[] v = checkedValues(e.getKey(), e.getValue(), values);
      for (int off = 0; off < v.length; off += CHUNK_ELEMENTS) {
        int n = Math.min(CHUNK_ELEMENTS, v.length - off);
        chunk.clear();
        encode(v, off, n, dtype, chunk);
        out.write(chunk.array(), 0, n * dtype.byteSize());
      }
    }
  }

  private static float[] checkedValues(String name, long[] shape,
      Function<String, float[]> values) {
    float[] v = values.apply(name);
    if (v.length != HostTensor.elementCount(shape)) {
      throw new IllegalArgumentException("tensor " + name + " of shape "
          + Arrays.toString(shape) + " came with " + v.length + " values");
    }
    return v;
  }

  /**
   * The whole file as one array, filled with bulk copies (one allocation, no intermediate
   * buffers). Fails when the file would exceed {@link #MAX_ARRAY_BYTES}.
   */
  public static byte[] toBytes(Map<String, HostTensor> tensors, Map<String, String> metadata,
      DType dtype) {
    return toBytes(shapes(tensors), metadata, dtype, name -> tensors.get(name).values());
  }

  /**
   * The whole file as one array, asking {@code values} for one tensor at a time while it fills
   * the array, so that only one tensor's values need to be on the heap besides the file (a
   * model's weights straight from the device). Fails when the file would exceed
   * {@link #MAX_ARRAY_BYTES}.
   *
   * @param shapes tensor names and shapes, in file order
   * @param values the values of a named tensor, {@code product(shape)} floats
   */
  public static byte[] toBytes(Map<String, long[]> shapes, Map<String, String> metadata,
      DType dtype, Function<String, float[]> values) {
    return toBytes(shapes, metadata, dtype, values, null);
  }

  /**
   * {@link #toBytes(Map, Map, DType, Function)} written into {@code reuse} when it has exactly
   * the file's length (every byte of it is written: the 8-byte length, the padded header, then
   * the tensors back to back), else into a new array; returns the array written. A large
   * file's array costs more to allocate than to fill: the JVM and the kernel zero it first.
   *
   * @param reuse an array nothing reads any more, or null
   */
  public static byte[] toBytes(Map<String, long[]> shapes, Map<String, String> metadata,
      DType dtype, Function<String, float[]> values, byte[] reuse) {
    byte[] header = headerOf(shapes, metadata, dtype);
    long size = 8L + header.length + dataBytesOf(shapes, dtype);
    if (size > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException("safetensors payload of " + size
          + " bytes exceeds the " + MAX_ARRAY_BYTES + "-byte limit of a Java byte array");
    }
    byte[] bytes = reuse != null && reuse.length == size ? reuse : new byte[(int) size];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length).put(header);
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      float[] v = checkedValues(e.getKey(), e.getValue(), values);
      ByteBuffer slot = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
      encode(v, 0, v.length, dtype, slot);
      buf.position(buf.position() + v.length * dtype.byteSize());
    }
    return bytes;
  }

  /** Length of the whole file written from {@code shapes}: 8 + padded header + data. */
  public static long fileBytesOf(Map<String, long[]> shapes, Map<String, String> metadata,
      DType dtype) {
    return 8L + headerOf(shapes, metadata, dtype).length + dataBytesOf(shapes, dtype);
  }

  /** Names and shapes of {@code tensors}, in their order. */
  public static Map<String, long[]> shapes(Map<String, HostTensor> tensors) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    tensors.forEach((name, t) -> shapes.put(name, t.shape()));
    return shapes;
  }

  /** Length of the data section written from {@code shapes}. */
  public static long dataBytesOf(Map<String, long[]> shapes, DType dtype) {
    long n = 0;
    for (long[] shape : shapes.values()) {
      n += HostTensor.elementCount(shape) * dtype.byteSize();
    }
    return n;
  }

  /** Length of the whole file: 8 + padded header + data section. */
  public static long fileBytes(Map<String, HostTensor> tensors, Map<String, String> metadata,
      DType dtype) {
    return fileBytesOf(shapes(tensors), metadata, dtype);
  }

  /** Length of the data section: the sum of {@code elements * dtype size}. */
  public static long dataBytes(Map<String, HostTensor> tensors, DType dtype) {
    return dataBytesOf(shapes(tensors), dtype);
  }

  /** The JSON header, space-padded to a multiple of 8 bytes. */
  static byte[] header(Map<String, HostTensor> tensors, Map<String, String> metadata,
      DType dtype) {
    return headerOf(shapes(tensors), metadata, dtype);
  }

  private static byte[] headerOf(Map<String, long[]> shapes, Map<String, String> metadata,
      DType dtype) {
    if (dtype != DType.F32 && dtype != DType.BF16) {
      throw new IllegalArgumentException("can write F32 or BF16, not " + dtype);
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(json)) {
      g.writeStartObject();
      if (!metadata.isEmpty()) {
        g.writeObjectFieldStart(SafetensorsHeader.METADATA_KEY);
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      long offset = 0;
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        if (e.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
          throw new IllegalArgumentException("a tensor cannot be named "
              + SafetensorsHeader.METADATA_KEY);
        }
        long[] shape = e.getValue();
        long end = offset + HostTensor.elementCount(shape) * dtype.byteSize();
        g.writeObjectFieldStart(e.getKey());
        g.writeStringField("dtype", dtype.safetensorsName());
        g.writeFieldName("shape");
        g.writeArray(shape, 0, shape.length);
        g.writeFieldName("data_offsets");
        g.writeArray(new long[] {offset, end}, 0, 2);
        g.writeEndObject();
        offset = end;
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    int padded = (json.size() + 7) / 8 * 8;
    byte[] header = Arrays.copyOf(json.toByteArray(), padded);
    Arrays.fill(header, json.size(), padded, (byte) ' ');
    return header;
  }

  /** Encodes {@code v[off, off + n)} into {@code out} at its position (little-endian). */
  private static void encode(float[] v, int off, int n, DType dtype, ByteBuffer out) {
    if (dtype == DType.F32) {
      FloatBuffer f = out.asFloatBuffer();
      f.put(v, off, n);
    } else {
      ShortBuffer s = out.asShortBuffer();
      for (int i = 0; i < n; i++) {
        s.put(i, DType.f32ToBf16(v[off + i]));
      }
    }
  }
}
