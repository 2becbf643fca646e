package dev.ngrpo.core.safetensors;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the safetensors format into {@link HostTensor}s, converting F16 and BF16 to float32.
 *
 * <p>Layout: {@code [u64 little-endian n][n bytes of JSON header][data section]}; the header
 * maps each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets
 * relative to the data section) and may carry a {@code "__metadata__"} string map. The header
 * is validated whole before any data is read (see {@link SafetensorsHeader}), then the data is
 * read in one sequential pass in offset order, so any forward-only stream works (Hadoop FS,
 * files above 2 GB). A source that is shorter or longer than its header says fails with a
 * {@link SafetensorsFormatException} naming the source, the tensor and the byte counts; so do
 * garbage headers, without allocating more than the source can hold.
 */
public final class SafetensorsReader {
  /** Longest header accepted; real headers are kilobytes, so anything larger is garbage. */
  public static final long MAX_HEADER_BYTES = 100L << 20;

  /** Bytes converted per step when streaming; a multiple of every dtype size. */
  private static final int CHUNK_BYTES = 1 << 20;

  /**
   * When the source's length is unknown, tensors above this many elements grow their array as
   * data arrives instead of allocating up front, so a lying header cannot force a huge allocation.
   */
  private static final int EAGER_ELEMENTS = 1 << 24;

  private SafetensorsReader() {}

  /** Reads a local file; its size is known, so truncation is reported before any data is read. */
  public static NamedTensors read(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(in, file.toString(), size);
    }
  }

  /** Reads a stream of unknown length; {@code source} names it in errors. Does not close it. */
  public static NamedTensors read(InputStream in, String source) throws IOException {
    return read(in, source, -1);
  }

  /**
   * Reads a stream positioned at the start of a safetensors file, to its end.
   *
   * @param in the stream; read to its end, not closed
   * @param source file path or URI for error messages
   * @param totalBytes the stream's length, or -1 when unknown
   */
  public static NamedTensors read(InputStream in, String source, long totalBytes)
      throws IOException {
    Collector all = new Collector();
    read(in, source, totalBytes, all);
    return all.result();
  }

  /**
   * Receives a safetensors source tensor by tensor: {@link #begin} sees every name and shape
   * before any data, then {@link #accept} gets each tensor in file order, so a consumer can check
   * the whole layout first and hold one tensor's values on the heap at a time.
   */
  public interface TensorSink {
    /** The tensors' names and shapes in file order, and the metadata; may throw to refuse. */
    void begin(Map<String, long[]> shapes, Map<String, String> metadata);

    /** One tensor, converted to float32; the sink keeps or drops it. */
    void accept(String name, HostTensor tensor);
  }

  /**
   * Reads a stream positioned at the start of a safetensors file, to its end, handing each
   * tensor to {@code sink} as soon as it is read (see {@link TensorSink}). Errors are those of
   * {@link #read(InputStream, String, long)}; a truncated or overlong source fails after the
   * sink has seen the tensors before the fault.
   */
  public static void read(InputStream in, String source, long totalBytes, TensorSink sink)
      throws IOException {
    SafetensorsHeader header = readHeader(in, source, totalBytes);
    sink.begin(shapes(header), header.metadata());
    byte[] chunk = new byte[CHUNK_BYTES];
    for (TensorEntry e : header.entries()) {
      sink.accept(e.name(), readTensor(in, e, source, totalBytes >= 0, chunk));
    }
    if (totalBytes < 0 && in.read() != -1) {
      throw new SafetensorsFormatException(source + ": unexpected bytes after the data section ("
          + header.dataBytes() + " bytes as the header describes)");
    }
  }

  /**
   * The names and shapes (in file order) and the metadata of a safetensors stream, from its
   * header alone; the stream is left after the header.
   */
  static NamedShapes readShapes(InputStream in, String source, long totalBytes)
      throws IOException {
    SafetensorsHeader header = readHeader(in, source, totalBytes);
    return new NamedShapes(shapes(header), header.metadata());
  }

  /** Names and shapes of a file's tensors, in file order, and its metadata. */
  record NamedShapes(Map<String, long[]> shapes, Map<String, String> metadata) {}

  private static Map<String, long[]> shapes(SafetensorsHeader header) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (TensorEntry e : header.entries()) {
      shapes.put(e.name(), e.shape());
    }
    return shapes;
  }

  /** A sink that keeps every tensor. */
  static final class Collector implements TensorSink {
    private final Map<String, HostTensor> tensors = new HashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();

    @Override
    public void begin(Map<String, long[]> shapes, Map<String, String> metadata) {
      order.addAll(shapes.keySet());
      this.metadata.putAll(metadata);
    }

    @Override
    public void accept(String name, HostTensor tensor) {
      tensors.put(name, tensor);
    }

    /** The tensors in the order {@link #begin} listed them. */
    NamedTensors result() {
      Map<String, HostTensor> ordered = new LinkedHashMap<>();
      order.forEach(name -> ordered.put(name, tensors.get(name)));
      return new NamedTensors(ordered, metadata);
    }
  }

  /** Reads safetensors bytes held in memory (e.g. a weights snapshot), with bulk copies. */
  public static NamedTensors read(ByteBuffer bytes, String source)
      throws SafetensorsFormatException {
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    slices(bytes, source, metadata).forEach((name, t) -> tensors.put(name, t.decode()));
    return new NamedTensors(tensors, metadata);
  }

  /**
   * Validates safetensors bytes held in memory and returns each tensor as a view of them, in
   * file order, without decoding or copying any data: for building tensors straight from a
   * payload. The header's {@code __metadata__} entries are added to {@code metadata}.
   */
  public static Map<String, RawTensor> slices(ByteBuffer bytes, String source,
      Map<String, String> metadata) throws SafetensorsFormatException {
    ByteBuffer buf = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int start = buf.position();
    long total = buf.remaining();
    if (total < 8) {
      throw tooShort(source, total);
    }
    long n = buf.getLong();
    checkHeaderLength(n, total, source);
    byte[] json = new byte[(int) n];
    buf.get(json);
    SafetensorsHeader header = SafetensorsHeader.parse(json, source);
    checkDataLength(header, total - 8 - n, source);
    int base = start + 8 + (int) n;
    Map<String, RawTensor> tensors = new LinkedHashMap<>();
    for (TensorEntry e : header.entries()) {
      ByteBuffer data = buf.slice(base + (int) e.begin(), (int) e.byteCount())
          .order(ByteOrder.LITTLE_ENDIAN);
      tensors.put(e.name(), new RawTensor(e.dtype(), e.shape(), data));
    }
    metadata.putAll(header.metadata());
    return tensors;
  }

  private static SafetensorsHeader readHeader(InputStream in, String source, long totalBytes)
      throws IOException {
    byte[] prefix = in.readNBytes(8);
    if (prefix.length < 8) {
      throw tooShort(source, prefix.length);
    }
    long n = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
    checkHeaderLength(n, totalBytes, source);
    byte[] json = in.readNBytes((int) n);
    if (json.length < n) {
      throw new SafetensorsFormatException(source + ": truncated header: expected " + n
          + " bytes, only " + json.length + " available");
    }
    SafetensorsHeader header = SafetensorsHeader.parse(json, source);
    if (totalBytes >= 0) {
      checkDataLength(header, totalBytes - 8 - n, source);
    }
    return header;
  }

  private static SafetensorsFormatException tooShort(String source, long length) {
    return new SafetensorsFormatException(source + ": only " + length
        + " bytes; a safetensors file starts with an 8-byte header length");
  }

  private static void checkHeaderLength(long n, long totalBytes, String source)
      throws SafetensorsFormatException {
    if (n < 0 || n > MAX_HEADER_BYTES) {
      throw new SafetensorsFormatException(source + ": header length " + n
          + " is outside [0, " + MAX_HEADER_BYTES + "]; not a safetensors file?");
    }
    if (totalBytes >= 0 && n > totalBytes - 8) {
      throw new SafetensorsFormatException(source + ": header length " + n
          + " exceeds the file size " + totalBytes + "; not a safetensors file, or truncated");
    }
  }

  /** Compares the data section the header describes with the {@code available} bytes. */
  private static void checkDataLength(SafetensorsHeader header, long available, String source)
      throws SafetensorsFormatException {
    for (TensorEntry e : header.entries()) {
      if (e.end() > available) {
        throw truncated(source, e, Math.max(0, available - e.begin()));
      }
    }
    if (available > header.dataBytes()) {
      throw new SafetensorsFormatException(source + ": " + (available - header.dataBytes())
          + " unexpected bytes after the data section (" + header.dataBytes()
          + " bytes as the header describes)");
    }
  }

  private static SafetensorsFormatException truncated(String source, TensorEntry e, long got) {
    return new SafetensorsFormatException(source + ": truncated data: " + e.describe()
        + " expects " + e.byteCount() + " bytes, only " + got + " available");
  }

  private static HostTensor readTensor(
      InputStream in, TensorEntry e, String source, boolean lengthChecked, byte[] chunk)
      throws IOException {
    int elements = e.elementCount();
    int elemBytes = e.dtype().byteSize();
    float[] values = new float[lengthChecked ? elements : Math.min(elements, EAGER_ELEMENTS)];
    int filled = 0;
    while (filled < elements) {
      int want = Math.min(chunk.length / elemBytes, elements - filled);
      int got = in.readNBytes(chunk, 0, want * elemBytes);
      if (got < want * elemBytes) {
        throw truncated(source, e, (long) filled * elemBytes + got);
      }
      if (filled + want > values.length) {
        values = Arrays.copyOf(values, (int) Math.min(elements, 2L * values.length + want));
      }
      ByteBuffer data = ByteBuffer.wrap(chunk, 0, got).order(ByteOrder.LITTLE_ENDIAN);
      decode(data, e.dtype(), values, filled, want);
      filled += want;
    }
    return new HostTensor(e.shape(), values);
  }

  /** Converts {@code count} elements of {@code dtype} from {@code data} into {@code values}. */
  static void decode(ByteBuffer data, DType dtype, float[] values, int offset, int count) {
    switch (dtype) {
      case F32 -> data.asFloatBuffer().get(values, offset, count);
      case F16 -> {
        ShortBuffer s = data.asShortBuffer();
        for (int i = 0; i < count; i++) {
          values[offset + i] = DType.f16ToF32(s.get(i));
        }
      }
      case BF16 -> {
        ShortBuffer s = data.asShortBuffer();
        for (int i = 0; i < count; i++) {
          values[offset + i] = DType.bf16ToF32(s.get(i));
        }
      }
      default -> throw new IllegalStateException("unhandled dtype " + dtype);
    }
  }
}
