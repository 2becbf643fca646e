package dev.ngrpo.core.weights;

import ai.djl.Device;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.WeightLoader;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.RawTensor;
import dev.ngrpo.core.safetensors.SafetensorsFormatException;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import dev.ngrpo.core.safetensors.SafetensorsWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The policy as it is broadcast to executors: version, model config and every parameter, encoded
 * into {@link PolicyWeights} as one safetensors F32 file whose {@code __metadata__} carries
 * {@value #VERSION_KEY} (decimal) and {@value #CONFIG_KEY} (the {@code config.json} text), plus
 * {@code "format": "pt"} so the payload also opens as a plain safetensors file.
 *
 * <p>Encoding and decoding are exact to the bit (NaN payloads and -0.0 included) and use bulk
 * little-endian copies between {@code float[]} and the byte array. The payload is one Java
 * {@code byte[]}, so it holds at most {@link SafetensorsWriter#MAX_ARRAY_BYTES} bytes: about
 * {@code 2^31 / 4 = 536M} float32 parameters less the header. {@link #encode} fails with a clear
 * message above that; larger models must travel through another transport (e.g. a checkpoint
 * folder on the shared file system).
 *
 * @param version policy version, {@code >= 0}
 * @param configJson the model's {@code config.json}
 * @param tensors parameters by name, in the order they are written (unmodifiable)
 */
public record WeightsSnapshot(long version, String configJson, Map<String, HostTensor> tensors) {
  public static final String VERSION_KEY = "ngrpo.weights.version";
  public static final String CONFIG_KEY = "ngrpo.model.config";

  /**
   * Room left in the payload for the header (tensor names, shapes, offsets, {@code config.json})
   * when a model is judged by its parameter count alone: a few KB per hundred tensors, far
   * below this for any model ngrpo builds or loads.
   */
  static final long HEADER_ALLOWANCE = 1L << 20;

  /**
   * The most float32 parameters one snapshot is taken to hold at start-up, ahead of the exact
   * check in {@link #encode}: {@code (}{@link SafetensorsWriter#MAX_ARRAY_BYTES}{@code - }
   * {@link #HEADER_ALLOWANCE}{@code ) / 4 = 536,608,765} (Qwen2.5-0.5B's 494M fit,
   * Qwen2.5-1.5B's do not).
   */
  public static final long MAX_PARAMETERS =
      (SafetensorsWriter.MAX_ARRAY_BYTES - HEADER_ALLOWANCE) / 4;

  public WeightsSnapshot {
    if (version < 0) {
      throw new IllegalArgumentException("weights version must be >= 0, got " + version);
    }
    Objects.requireNonNull(configJson, "configJson");
    tensors = Collections.unmodifiableMap(
        new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
  }

  /** Encodes this snapshot; see {@link #encode(long, String, Map)}. */
  public PolicyWeights encode() {
    return encode(version, configJson, tensors);
  }

  /**
   * Encodes a snapshot without copying the tensors into a record first.
   *
   * @throws IllegalArgumentException when the payload would exceed one byte array
   */
  public static PolicyWeights encode(long version, String configJson,
      Map<String, HostTensor> tensors) {
    return encode(version, configJson, SafetensorsWriter.shapes(tensors),
        name -> tensors.get(name).values(), null);
  }

  /**
   * Encodes {@code model}'s weights as version {@code version}, copying one parameter at a time
   * from the device into the payload: besides the payload, the heap holds one parameter's
   * values, not a host copy of the whole model.
   *
   * @throws IllegalArgumentException when the payload would exceed one byte array
   */
  public static PolicyWeights encode(long version, PolicyModel model) {
    return encode(version, model, null);
  }

  /**
   * {@link #encode(long, PolicyModel)} into the byte array of an earlier snapshot when the new
   * payload has its length (the same model, and a header padded to the same length), else into
   * a new one. The earlier snapshot's payload then holds this one's bytes: only a caller that
   * knows nothing reads it any more may pass it.
   *
   * @param reuse the payload array of a snapshot nothing reads any more, or null
   * @throws IllegalArgumentException when the payload would exceed one byte array
   */
  public static PolicyWeights encode(long version, PolicyModel model, byte[] reuse) {
    return encode(version, model.config().toJson(), model.shapes(), model::values, reuse);
  }

  private static PolicyWeights encode(long version, String configJson,
      Map<String, long[]> shapes, Function<String, float[]> values, byte[] reuse) {
    Map<String, String> metadata = metadata(version, configJson);
    long bytes = SafetensorsWriter.fileBytesOf(shapes, metadata, DType.F32);
    if (bytes > SafetensorsWriter.MAX_ARRAY_BYTES) {
      long params = shapes.values().stream().mapToLong(HostTensor::elementCount).sum();
      throw new IllegalArgumentException("weights snapshot v" + version + " needs " + bytes
          + " bytes (" + params + " float32 parameters), above the "
          + SafetensorsWriter.MAX_ARRAY_BYTES + "-byte limit of one byte[]; publish weights of a "
          + "model this large through a checkpoint folder instead");
    }
    return new PolicyWeights(version,
        SafetensorsWriter.toBytes(shapes, metadata, DType.F32, values, reuse));
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when the bytes are not a snapshot, or their version is not
   *     {@code weights.version()}
   */
  public static WeightsSnapshot decode(PolicyWeights weights) {
    Payload p = Payload.of(weights);
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    p.tensors().forEach((name, t) -> tensors.put(name, t.decode()));
    return new WeightsSnapshot(weights.version(), p.configJson(), tensors);
  }

  /**
   * Builds the model {@link #encode} wrote on {@code device}, each parameter straight from its
   * bytes in the payload (no decoded copy of the model on the heap); the caller owns it. A
   * payload off the heap (an executor's) is not copied at all on the CPU: the parameters are
   * views of it, and keep it alive.
   *
   * @throws IllegalArgumentException when the bytes are not a snapshot of a valid model, or
   *     their version is not {@code weights.version()}
   */
  public static PolicyModel toModel(PolicyWeights weights, Device device) {
    Payload p = Payload.of(weights);
    ModelConfig config = ModelConfig.fromJson(p.configJson(), p.source());
    return WeightLoader.fromRawTensors(config, p.tensors(), device, p.source());
  }

  /** A payload's undecoded tensors and config, its version checked. */
  private record Payload(String source, String configJson, Map<String, RawTensor> tensors) {
    static Payload of(PolicyWeights weights) {
      String source = "policy weights v" + weights.version();
      Map<String, String> metadata = new LinkedHashMap<>();
      Map<String, RawTensor> tensors;
      try {
        tensors = SafetensorsReader.slices(weights.payload(), source, metadata);
      } catch (SafetensorsFormatException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      String version = metadata.get(VERSION_KEY);
      String config = metadata.get(CONFIG_KEY);
      if (version == null || config == null) {
        throw new IllegalArgumentException(source + ": not a weights snapshot, __metadata__ "
            + "lacks " + VERSION_KEY + " or " + CONFIG_KEY + " (has " + metadata.keySet() + ")");
      }
      if (!version.equals(Long.toString(weights.version()))) {
        throw new IllegalArgumentException(source + ": payload says version " + version);
      }
      return new Payload(source, config, tensors);
    }
  }

  private static Map<String, String> metadata(long version, String configJson) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", "pt");
    m.put(VERSION_KEY, Long.toString(version));
    m.put(CONFIG_KEY, Objects.requireNonNull(configJson, "configJson"));
    return m;
  }
}
