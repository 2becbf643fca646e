package dev.ngrpo.core.safetensors;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a local model folder mapped into memory read-only, each tensor a view of its
 * file ({@link RawTensor}): nothing is decoded or copied onto the heap, and every JVM on a host
 * that maps the same folder shares one copy of it in the page cache. Both layouts of
 * {@link SafetensorsFolder} are read, with the same checks (a shard the index names must exist
 * and hold exactly the tensors the index maps to it).
 *
 * <p>A mapping outlives its channel and is released by {@link #close()}, which unmaps every file
 * at once instead of waiting for the garbage collector: a folder deleted while mapped keeps its
 * disk space until then. After {@code close()} the tensors must not be read (nor any native
 * tensor made of them be used): their memory is gone.
 *
 * <pre>{@code
 * try (MappedSafetensors weights = MappedSafetensors.open(files)) {
 *   weights.tensors() ...   // views of the files
 * }
 * }</pre>
 */
public final class MappedSafetensors implements AutoCloseable {
  /** The largest file that maps into one buffer. */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

  private static final Unmapper UNMAPPER = Unmapper.find();

  private final List<MappedByteBuffer> buffers;
  private final Map<String, RawTensor> tensors;
  private volatile boolean closed;

  private MappedSafetensors(List<MappedByteBuffer> buffers, Map<String, RawTensor> tensors) {
    this.buffers = buffers;
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /**
   * True when every weights file of the folder fits one mapping ({@link #MAX_FILE_BYTES}); a
   * folder without weights is reported as mappable, and {@link #open} then names what is
   * missing.
   */
  public static boolean fits(LocalModelFiles files) throws IOException {
    if (!SafetensorsFolder.isPresent(files)) {
      return true;
    }
    for (String name : weightFiles(files).keySet()) {
      if (files.exists(name) && files.size(name) > MAX_FILE_BYTES) {
        return false;
      }
    }
    return true;
  }

  /**
   * Maps the folder's weights ({@value SafetensorsFolder#SINGLE_FILE}, or the shards that
   * {@value SafetensorsFolder#INDEX_FILE} lists) and checks their headers, and touches every
   * page once so that reading the tensors later finds them in memory.
   *
   * @throws FileNotFoundException when the folder holds neither layout
   * @throws SafetensorsFormatException on both layouts at once, a missing or malformed shard, a
   *     shard and the index that disagree, or a file above {@link #MAX_FILE_BYTES}; nothing
   *     stays mapped then
   */
  public static MappedSafetensors open(LocalModelFiles files) throws IOException {
    Map<String, List<String>> layout = weightFiles(files);
    String index = files.location(SafetensorsFolder.INDEX_FILE);
    List<MappedByteBuffer> buffers = new ArrayList<>();
    Map<String, RawTensor> tensors = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, List<String>> file : layout.entrySet()) {
        String name = file.getKey();
        if (file.getValue() != null) {
          SafetensorsFolder.checkShardExists(files, index, name, file.getValue());
        }
        MappedByteBuffer buffer = map(files, name);
        buffers.add(buffer);
        Map<String, RawTensor> part = SafetensorsReader.slices(buffer, files.location(name),
            new LinkedHashMap<>());
        if (file.getValue() != null) {
          SafetensorsFolder.checkShard(files, index, name, file.getValue(), part.keySet());
        }
        tensors.putAll(part);
      }
    } catch (IOException | RuntimeException e) {
      buffers.forEach(UNMAPPER::unmap);
      throw e;
    }
    return new MappedSafetensors(buffers, tensors);
  }

  /**
   * The weights files of the folder, each with the tensors the index maps to it (null for the
   * single file), in the order {@link SafetensorsFolder#read(ModelFiles)} reads them.
   */
  private static Map<String, List<String>> weightFiles(LocalModelFiles files)
      throws IOException {
    Map<String, List<String>> layout = new LinkedHashMap<>();
    if (SafetensorsFolder.isSingleFile(files)) {
      layout.put(SafetensorsFolder.SINGLE_FILE, null);
    } else {
      layout.putAll(SafetensorsFolder.weightMap(files));
    }
    return layout;
  }

  private static MappedByteBuffer map(LocalModelFiles files, String name) throws IOException {
    try (FileChannel channel = FileChannel.open(files.resolve(name))) {
      long size = channel.size();
      if (size > MAX_FILE_BYTES) {
        throw new SafetensorsFormatException(files.location(name) + " is " + size
            + " bytes; a file maps only up to " + MAX_FILE_BYTES + " bytes (write smaller"
            + " shards)");
      }
      MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
      buffer.load();
      return buffer;
    }
  }

  /** Every tensor of the folder by name, in file order: views of the mapped files. */
  public Map<String, RawTensor> tensors() {
    if (closed) {
      throw new IllegalStateException("the mapped weights are closed");
    }
    return tensors;
  }

  /** True when the files are unmapped at once on {@link #close()} in this JVM. */
  public static boolean unmapsOnClose() {
    return UNMAPPER.method != null;
  }

  /**
   * Unmaps the files (where the JVM allows it, see {@link #unmapsOnClose()}; otherwise the
   * garbage collector does once the buffers are unreachable). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      buffers.forEach(UNMAPPER::unmap);
    }
  }

  /**
   * Releases a mapping now through {@code sun.misc.Unsafe.invokeCleaner} (in the
   * {@code jdk.unsupported} module of every JDK from 9 on), looked up reflectively; does nothing
   * where it is absent.
   */
  private record Unmapper(Object unsafe, Method method) {
    static Unmapper find() {
      try {
        Class<?> type = Class.forName("sun.misc.Unsafe");
        Field field = type.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return new Unmapper(field.get(null), type.getMethod("invokeCleaner", ByteBuffer.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return new Unmapper(null, null);
      }
    }

    void unmap(ByteBuffer buffer) {
      if (method == null) {
        return;
      }
      try {
        method.invoke(unsafe, buffer);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot unmap a weights file", e);
      }
    }
  }
}
