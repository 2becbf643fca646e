package dev.ngrpo.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.RawTensor;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import dev.ngrpo.core.safetensors.TensorLayout;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Puts checkpoint weights into a {@link PolicyModel}'s parameters: from host tensors, from
 * undecoded bytes, from a stream of tensors, or over a live model's parameters in place. Every
 * path first checks the tensors' names and shapes against the {@link Architecture}'s layout and
 * fails, naming each offender with its expected and found shape, when one is missing, extra or
 * mis-shaped; tensors the architecture ignores on load (a tied head's copy, rotary buffers) are
 * dropped.
 */
public final class WeightLoader {
  private WeightLoader() {}

  /**
   * A model of {@code tensors} under Hugging Face names.
   *
   * @param source where the tensors came from, for error messages
   */
  public static PolicyModel fromHostTensors(ModelConfig config, Map<String, HostTensor> tensors,
      Device device, String source) {
    Map<String, HostTensor> checked = check(config, tensors, source);
    return PolicyModel.build(config, device, (manager, name, shape) ->
        manager.create(checked.get(name).values(), shape));
  }

  /**
   * A model of undecoded tensors (views of a weights payload), each F32 parameter created
   * straight from its bytes: no {@code float[]} copy of the model on the heap. On the CPU,
   * tensors of a direct buffer are views of it, not copies: such a model is for inference (an
   * executor's), since an update in place would change the payload. F16 and BF16 tensors (a
   * model folder saved with {@code save-dtype = bf16}, mapped) are widened to float32 on the
   * host first, one tensor at a time: parameters are float32, and the engine has no BF16
   * tensors ({@link TensorTypes}).
   */
  public static PolicyModel fromRawTensors(ModelConfig config, Map<String, RawTensor> tensors,
      Device device, String source) {
    return fromRawTensors(config, tensors, device, source, null);
  }

  /**
   * {@link #fromRawTensors(ModelConfig, Map, Device, String)} for tensors that are views of
   * memory {@code release} frees (mapped weights files): the model runs {@code release} right
   * after freeing its parameters, so that memory lives as long as the tensors that may be views
   * of it, and not longer. When the build fails, {@code release} runs before the exception
   * leaves.
   */
  public static PolicyModel fromRawTensors(ModelConfig config, Map<String, RawTensor> tensors,
      Device device, String source, Runnable release) {
    PolicyModel model;
    try {
      model = fromRawTensorsOwned(config, tensors, device, source);
    } catch (RuntimeException e) {
      if (release != null) {
        release.run();
      }
      throw e;
    }
    model.releaseOnClose(release);
    return model;
  }

  private static PolicyModel fromRawTensorsOwned(ModelConfig config,
      Map<String, RawTensor> tensors, Device device, String source) {
    Map<String, RawTensor> checked = checkShapes(config, tensors, RawTensor::shape, source);
    // DJL copies a heap buffer's bytes as they are, and on the CPU makes a tensor of a direct
    // buffer's bytes in place (the tensor holds the buffer), so they must be F32 in the
    // platform's order; executors only read their parameters, so a view of a payload is safe.
    boolean nativeLittleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    return PolicyModel.build(config, device, (manager, name, shape) -> {
      RawTensor t = checked.get(name);
      return t.dtype() == DType.F32 && nativeLittleEndian
          ? manager.create(t.data().duplicate(), shape, DataType.FLOAT32)
          : manager.create(t.decode().values(), shape);
    });
  }

  /**
   * Reads the tensors of a source that streams them (a model folder) into one parameter at a
   * time: besides the model, the heap holds one tensor's values, not the whole model's. The
   * layout is checked from the source's header before any tensor is created.
   */
  public static PolicyModel fromTensorStream(ModelConfig config, Device device, String source,
      TensorStream stream) throws IOException {
    Map<String, NDArray> created = new HashMap<>();
    try (NDManager staging = NDManager.newBaseManager(device)) {
      stream.readInto(new SafetensorsReader.TensorSink() {
        private Map<String, long[]> kept = Map.of();

        @Override
        public void begin(Map<String, long[]> shapes, Map<String, String> metadata) {
          kept = checkShapes(config, shapes, shape -> shape, source);
        }

        @Override
        public void accept(String name, HostTensor tensor) {
          if (kept.containsKey(name)) {
            created.put(name, staging.create(tensor.values(), new Shape(tensor.shape())));
          }
        }
      });
      return PolicyModel.build(config, device, (manager, name, shape) -> {
        NDArray a = created.get(name);
        a.attach(manager);
        return a;
      });
    }
  }

  /** A source of tensors that hands them to a sink one at a time. */
  @FunctionalInterface
  public interface TensorStream {
    void readInto(SafetensorsReader.TensorSink sink) throws IOException;
  }

  /**
   * Overwrites every parameter of {@code model} in place with {@code tensors}, keeping the native
   * arrays (and any optimizer state keyed to them) alive.
   */
  public static void overwrite(PolicyModel model, Map<String, HostTensor> tensors,
      String source) {
    if (model.isClosed()) {
      throw new IllegalStateException("policy model is closed");
    }
    Map<String, HostTensor> checked = check(model.config(), tensors, source);
    for (String name : model.parameterNames()) {
      model.parameter(name).set(checked.get(name).values());
    }
  }

  /**
   * Fails, naming each offender with its expected and found shape, unless {@code found} holds
   * exactly the tensors of {@code config}'s layout once the ones its architecture ignores on load
   * are dropped.
   *
   * @return {@code found} without the ignored tensors
   */
  static Map<String, HostTensor> check(ModelConfig config, Map<String, HostTensor> found,
      String source) {
    return checkShapes(config, found, HostTensor::shape, source);
  }

  /** {@link #check} of any tensor kind whose shape {@code shapeOf} gives. */
  static <T> Map<String, T> checkShapes(ModelConfig config, Map<String, T> found,
      Function<T, long[]> shapeOf, String source) {
    Architecture architecture = config.architecture();
    Map<String, T> kept = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    found.forEach((name, t) -> {
      if (!architecture.ignoredOnLoad(config, name)) {
        kept.put(name, t);
        shapes.put(name, shapeOf.apply(t));
      }
    });
    TensorLayout.of(architecture.parameterShapes(config)).checkShapes(shapes, source);
    return kept;
  }
}
