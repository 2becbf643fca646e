package dev.ngrpo.core.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The weights of a model folder in the Hugging Face layout: either one
 * {@value #SINGLE_FILE}, or shards {@code model-00001-of-0000N.safetensors} listed by
 * {@value #INDEX_FILE}: {@code {"metadata": {"total_size": bytes}, "weight_map": {tensor: shard}}}.
 *
 * <p>Reading checks that the index and the shards agree exactly: a missing shard file, a tensor
 * the index maps to a shard that does not hold it, and a tensor a shard holds but the index does
 * not map there all fail, naming the files. A folder with both layouts is refused, because which
 * one is stale cannot be told.
 */
public final class SafetensorsFolder {
  public static final String SINGLE_FILE = "model.safetensors";
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private SafetensorsFolder() {}

  /** True when the folder holds weights in either layout. */
  public static boolean isPresent(ModelFiles files) throws IOException {
    return files.exists(SINGLE_FILE) || files.exists(INDEX_FILE);
  }

  /**
   * All tensors of the folder. For shards, tensors come shard by shard (shards sorted by file
   * name, so in the order {@link #write} laid them out) and the metadata is the union of the
   * shards' {@code __metadata__}, the first shard winning on a repeated key.
   */
  public static NamedTensors read(ModelFiles files) throws IOException {
    SafetensorsReader.Collector all = new SafetensorsReader.Collector();
    read(files, all);
    return all.result();
  }

  /**
   * Streams the folder's tensors into {@code sink}: {@code begin} gets every tensor's name and
   * shape (all shards' headers are read and checked against the index first), then each tensor
   * arrives as it is read, so only one tensor's values need be on the heap at a time. The order
   * and metadata are those of {@link #read(ModelFiles)}.
   */
  public static void read(ModelFiles files, SafetensorsReader.TensorSink sink)
      throws IOException {
    if (isSingleFile(files)) {
      readFile(files, SINGLE_FILE, sink);
    } else {
      readSharded(files, sink);
    }
  }

  /**
   * True when the folder's weights are {@value #SINGLE_FILE}, false when they are the shards
   * {@value #INDEX_FILE} lists.
   *
   * @throws SafetensorsFormatException when both exist
   * @throws FileNotFoundException when neither does
   */
  static boolean isSingleFile(ModelFiles files) throws IOException {
    boolean single = files.exists(SINGLE_FILE);
    boolean sharded = files.exists(INDEX_FILE);
    if (single && sharded) {
      throw new SafetensorsFormatException(files.location(SINGLE_FILE) + " and "
          + files.location(INDEX_FILE) + " both exist; remove the stale one");
    }
    if (!single && !sharded) {
      throw new FileNotFoundException("no model weights: neither "
          + files.location(SINGLE_FILE) + " nor " + files.location(INDEX_FILE) + " exists");
    }
    return single;
  }

  /** One safetensors file of the folder. */
  public static NamedTensors readFile(ModelFiles files, String name) throws IOException {
    SafetensorsReader.Collector all = new SafetensorsReader.Collector();
    readFile(files, name, all);
    return all.result();
  }

  private static void readFile(ModelFiles files, String name,
      SafetensorsReader.TensorSink sink) throws IOException {
    long size = files.size(name);
    try (InputStream in = files.open(name)) {
      SafetensorsReader.read(in, files.location(name), size, sink);
    }
  }

  private static void readSharded(ModelFiles files, SafetensorsReader.TensorSink sink)
      throws IOException {
    String indexLocation = files.location(INDEX_FILE);
    Map<String, List<String>> byShard = weightMap(files);
    // every header first: the sink sees the whole layout before any data
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> shard : byShard.entrySet()) {
      String name = shard.getKey();
      List<String> expected = shard.getValue();
      checkShardExists(files, indexLocation, name, expected);
      SafetensorsReader.NamedShapes part;
      try (InputStream in = files.open(name)) {
        part = SafetensorsReader.readShapes(in, files.location(name), files.size(name));
      }
      checkShard(files, indexLocation, name, expected, part.shapes().keySet());
      for (String t : expected) {
        shapes.put(t, part.shapes().get(t));
      }
      part.metadata().forEach(metadata::putIfAbsent);
    }
    sink.begin(shapes, metadata);
    SafetensorsReader.TensorSink data = new SafetensorsReader.TensorSink() {
      @Override
      public void begin(Map<String, long[]> s, Map<String, String> m) {}

      @Override
      public void accept(String name, HostTensor tensor) {
        if (!Arrays.equals(shapes.get(name), tensor.shape())) {
          // the shard changed since its header was read
          throw new IllegalStateException(indexLocation + ": tensor '" + name + "' changed "
              + "while the folder was read (" + Arrays.toString(shapes.get(name)) + ", now "
              + Arrays.toString(tensor.shape()) + ")");
        }
        sink.accept(name, tensor);
      }
    };
    for (String name : byShard.keySet()) {
      readFile(files, name, data);
    }
  }

  /** Fails, naming the index and the shard, when a shard the index maps tensors to is absent. */
  static void checkShardExists(ModelFiles files, String indexLocation, String shard,
      List<String> expected) throws IOException {
    if (!files.exists(shard)) {
      throw new SafetensorsFormatException(indexLocation + " maps " + expected.size()
          + " tensor(s) (first '" + expected.get(0) + "') to shard '" + shard + "', but "
          + files.location(shard) + " does not exist");
    }
  }

  /**
   * Fails, naming the files and the tensor, unless {@code shard} holds exactly the
   * {@code expected} tensors the index maps to it.
   */
  static void checkShard(ModelFiles files, String indexLocation, String shard,
      List<String> expected, Set<String> held) throws SafetensorsFormatException {
    for (String t : expected) {
      if (!held.contains(t)) {
        throw new SafetensorsFormatException(indexLocation + ": tensor '" + t
            + "' is mapped to shard '" + shard + "', but " + files.location(shard)
            + " does not contain it");
      }
    }
    Set<String> mapped = new HashSet<>(expected);
    for (String t : held) {
      if (!mapped.contains(t)) {
        throw new SafetensorsFormatException(files.location(shard) + " holds tensor '" + t
            + "', which " + indexLocation + " does not map to this shard");
      }
    }
  }

  /** The folder's index: shard file name to the tensors it maps there, sorted by name. */
  static Map<String, List<String>> weightMap(ModelFiles files) throws IOException {
    return weightMap(files.readAllBytes(INDEX_FILE), files.location(INDEX_FILE));
  }

  /** Shard file name to the tensors the index maps to it, shards sorted by name. */
  private static Map<String, List<String>> weightMap(byte[] json, String location)
      throws SafetensorsFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new SafetensorsFormatException(location + ": malformed JSON: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SafetensorsFormatException(location + ": unreadable JSON: " + e, e);
    }
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject()) {
      throw new SafetensorsFormatException(location + ": missing \"weight_map\" object");
    }
    Map<String, List<String>> byShard = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (!e.getValue().isTextual() || e.getValue().textValue().isEmpty()) {
        throw new SafetensorsFormatException(location + ": weight_map entry for tensor '"
            + e.getKey() + "' must be a shard file name, got " + e.getValue());
      }
      byShard.computeIfAbsent(e.getValue().textValue(), k -> new ArrayList<>()).add(e.getKey());
    }
    return byShard;
  }

  /** Writes one {@value #SINGLE_FILE}. */
  public static void write(ModelFiles files, Map<String, HostTensor> tensors,
      Map<String, String> metadata, DType dtype) throws IOException {
    write(files, tensors, metadata, dtype, Long.MAX_VALUE);
  }

  /**
   * Writes the tensors, sharded when their data exceeds {@code maxShardBytes}: tensors fill
   * shards in map order, a new shard starting when the next tensor would overflow the current
   * one (a tensor larger than the limit gets a shard of its own). Every shard carries
   * {@code metadata}; the index's metadata holds {@code total_size}, the data bytes of all shards.
   * Refuses a folder that already holds the other layout, which would make it ambiguous.
   *
   * @param maxShardBytes the most data bytes per shard, {@code > 0}; {@code Long.MAX_VALUE}
   *     for one file
   */
  public static void write(ModelFiles files, Map<String, HostTensor> tensors,
      Map<String, String> metadata, DType dtype, long maxShardBytes) throws IOException {
    write(files, SafetensorsWriter.shapes(tensors), name -> tensors.get(name).values(),
        metadata, dtype, maxShardBytes);
  }

  /**
   * {@link #write(ModelFiles, Map, Map, DType, long)} asking {@code values} for one tensor at a
   * time as it writes (a model's weights straight from its device), so the heap never holds all
   * of them.
   *
   * @param shapes tensor names and shapes, in the order they are written
   * @param values the values of a named tensor, {@code product(shape)} floats
   */
  public static void write(ModelFiles files, Map<String, long[]> shapes,
      Function<String, float[]> values, Map<String, String> metadata, DType dtype,
      long maxShardBytes) throws IOException {
    if (maxShardBytes <= 0) {
      throw new IllegalArgumentException("maxShardBytes must be > 0, got " + maxShardBytes);
    }
    List<Map<String, long[]>> shards = new ArrayList<>();
    Map<String, long[]> current = new LinkedHashMap<>();
    long currentBytes = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      long bytes = HostTensor.elementCount(e.getValue()) * dtype.byteSize();
      if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
        shards.add(current);
        current = new LinkedHashMap<>();
        currentBytes = 0;
      }
      current.put(e.getKey(), e.getValue());
      currentBytes += bytes;
    }
    shards.add(current);
    String other = shards.size() == 1 ? INDEX_FILE : SINGLE_FILE;
    if (files.exists(other)) {
      throw new IllegalStateException("refusing to write " + (shards.size() == 1
          ? "a single " + SINGLE_FILE : shards.size() + " shards") + " next to the existing "
          + files.location(other) + "; write into an empty folder");
    }
    if (shards.size() == 1) {
      writeFile(files, SINGLE_FILE, shapes, values, metadata, dtype);
      return;
    }
    Map<String, String> weightMap = new TreeMap<>();
    for (int i = 0; i < shards.size(); i++) {
      String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
      writeFile(files, name, shards.get(i), values, metadata, dtype);
      for (String t : shards.get(i).keySet()) {
        weightMap.put(t, name);
      }
    }
    ObjectNode index = JSON.createObjectNode();
    index.putObject("metadata").put("total_size", SafetensorsWriter.dataBytesOf(shapes, dtype));
    ObjectNode map = index.putObject("weight_map");
    weightMap.forEach(map::put);
    files.write(INDEX_FILE, JSON.writeValueAsBytes(index));
  }

  private static void writeFile(ModelFiles files, String name, Map<String, long[]> shapes,
      Function<String, float[]> values, Map<String, String> metadata, DType dtype)
      throws IOException {
    try (OutputStream out = files.create(name)) {
      SafetensorsWriter.write(out, shapes, metadata, dtype, values);
    }
  }
}
