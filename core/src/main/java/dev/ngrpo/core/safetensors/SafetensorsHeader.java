package dev.ngrpo.core.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed and validated safetensors header. The data section it describes must be exactly
 * tiled by the tensors: sorted by offset, the first starts at 0 and each starts where the
 * previous one ends, and each spans {@code elements * dtype size} bytes. Checking this before
 * reading any data is what lets a reader fill every tensor in one sequential pass.
 *
 * @param entries tensors sorted by data offset
 * @param metadata the {@code __metadata__} string map, empty when absent
 * @param dataBytes length of the data section ({@code end} of the last tensor, 0 if none)
 */
record SafetensorsHeader(List<TensorEntry> entries, Map<String, String> metadata, long dataBytes) {
  static final String METADATA_KEY = "__metadata__";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * Parses the JSON header; every failure names {@code source} and, where one is involved,
   * the tensor.
   */
  static SafetensorsHeader parse(byte[] json, String source) throws SafetensorsFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new SafetensorsFormatException(
          source + ": malformed JSON header: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SafetensorsFormatException(source + ": unreadable JSON header: " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new SafetensorsFormatException(source + ": header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<TensorEntry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equals(METADATA_KEY)) {
        readMetadata(field.getValue(), source, metadata);
      } else {
        entries.add(readEntry(field.getKey(), field.getValue(), source));
      }
    }
    entries.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
    long next = 0;
    TensorEntry previous = null;
    for (TensorEntry e : entries) {
      if (e.begin() < next) {
        throw new SafetensorsFormatException(source + ": " + e.describe() + " overlaps "
            + previous.describe());
      }
      if (e.begin() > next) {
        throw new SafetensorsFormatException(source + ": gap of " + (e.begin() - next)
            + " bytes in the data section before " + e.describe() + "; the previous tensor ends at "
            + next);
      }
      next = e.end();
      previous = e;
    }
    return new SafetensorsHeader(List.copyOf(entries), metadata, next);
  }

  private static void readMetadata(JsonNode node, String source, Map<String, String> into)
      throws SafetensorsFormatException {
    if (!node.isObject()) {
      throw new SafetensorsFormatException(
          source + ": " + METADATA_KEY + " must be a JSON object of strings, got " + node);
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new SafetensorsFormatException(source + ": " + METADATA_KEY + " value of '"
            + e.getKey() + "' must be a string, got " + e.getValue());
      }
      into.put(e.getKey(), e.getValue().textValue());
    }
  }

  private static TensorEntry readEntry(String name, JsonNode node, String source)
      throws SafetensorsFormatException {
    String where = source + ": tensor '" + name + "'";
    if (!node.isObject()) {
      throw new SafetensorsFormatException(where + ": header entry must be a JSON object, got "
          + node);
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new SafetensorsFormatException(where + ": missing or non-string \"dtype\"");
    }
    DType dtype = DType.fromSafetensorsName(dtypeNode.textValue());
    if (dtype == null) {
      throw new SafetensorsFormatException(where + " has dtype '" + dtypeNode.textValue()
          + "', which is not supported (supported: " + DType.names() + ")");
    }
    long[] shape = longs(node.get("shape"), -1, where, "shape");
    long[] offsets = longs(node.get("data_offsets"), 2, where, "data_offsets");
    if (offsets[0] > offsets[1]) {
      throw new SafetensorsFormatException(where + ": data_offsets out of order "
          + Arrays.toString(offsets) + " (begin > end)");
    }
    long elements;
    long bytes;
    try {
      elements = HostTensor.elementCount(shape);
      bytes = Math.multiplyExact(elements, dtype.byteSize());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new SafetensorsFormatException(where + ": shape " + Arrays.toString(shape)
          + " is too large", e);
    }
    if (bytes != offsets[1] - offsets[0]) {
      throw new SafetensorsFormatException(where + " (" + dtype + " " + Arrays.toString(shape)
          + ") needs " + bytes + " bytes but its data_offsets " + Arrays.toString(offsets)
          + " span " + (offsets[1] - offsets[0]));
    }
    if (elements > HostTensor.MAX_ELEMENTS) {
      throw new SafetensorsFormatException(where + " has " + elements
          + " elements; a HostTensor (one Java float array) holds at most "
          + HostTensor.MAX_ELEMENTS);
    }
    return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
  }

  /** A JSON array of non-negative integers; {@code length < 0} accepts any length. */
  private static long[] longs(JsonNode node, int length, String where, String field)
      throws SafetensorsFormatException {
    if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
      throw new SafetensorsFormatException(where + ": \"" + field + "\" must be an array of "
          + (length >= 0 ? length + " " : "") + "non-negative integers, got " + node);
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new SafetensorsFormatException(where + ": \"" + field
            + "\" must hold non-negative integers, got " + node);
      }
      out[i] = v.longValue();
    }
    return out;
  }
}
