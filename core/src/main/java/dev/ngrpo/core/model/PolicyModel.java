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
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The policy: a Llama/Qwen2-style decoder-only transformer whose parameters live in native
 * memory owned by this object (one {@link NDManager}, closed by {@link #close()}).
 *
 * <p>Architecture per block ({@link Decoder}): {@code x += Attn(RMSNorm(x))} with rotary
 * positions, grouped-query attention and optional q/k/v bias; {@code x += MLP(RMSNorm(x))} with
 * {@code MLP(h) = down(silu(gate(h)) * up(h))}; then a final RMSNorm and the LM head (tied to
 * the embedding when {@code tie_word_embeddings}).
 *
 * <p>Parameters carry Hugging Face names ({@link ModelLayout}); {@link #fromHostTensors} and
 * {@link #toHostTensors()} move them between the host and the device exactly.
 */
public final class PolicyModel implements AutoCloseable {
  private static final double INIT_STD = 0.02;

  private final ModelConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> parameters;
  private final RotaryEmbedding rope;
  private final Decoder decoder;
  /** Frees the memory the parameters may be views of, after them; null when they own theirs. */
  private Runnable release;
  private volatile boolean closed;

  private PolicyModel(ModelConfig config, NDManager manager, Map<String, NDArray> parameters) {
    this.config = config;
    this.manager = manager;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.rope = new RotaryEmbedding(manager, config);
    this.decoder = new Decoder(this);
  }

  /**
   * Builds a model with fresh weights: RMSNorm weights 1, biases 0, every other matrix
   * N(0, 0.02). Each tensor draws from its own generator seeded by {@code seed} and its name,
   * so the same seed gives the same weights on any machine.
   */
  public static PolicyModel initialize(ModelConfig config, long seed, Device device) {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : ModelLayout.shapes(config).entrySet()) {
      long[] shape = e.getValue();
      float[] values = new float[Math.toIntExact(new Shape(shape).size())];
      switch (ModelLayout.initOf(e.getKey())) {
        case ONES -> Arrays.fill(values, 1f);
        case ZEROS -> { }
        case NORMAL -> {
          SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L
              + e.getKey().hashCode());
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * INIT_STD);
          }
        }
        default -> throw new IllegalStateException(e.getKey());
      }
      tensors.put(e.getKey(), new HostTensor(shape, values));
    }
    return fromHostTensors(config, tensors, device, "initialization");
  }

  /**
   * Builds a model from host tensors under Hugging Face names. Fails, naming each offender
   * with the expected and found shapes, when a tensor is missing, extra or mis-shaped.
   *
   * @param source where the tensors came from, for error messages
   */
  public static PolicyModel fromHostTensors(ModelConfig config, Map<String, HostTensor> tensors,
      Device device, String source) {
    Map<String, HostTensor> checked = ModelLayout.check(config, tensors, source);
    return build(config, device, (manager, name, shape) ->
        manager.create(checked.get(name).values(), shape));
  }

  /**
   * Builds a model from undecoded F32 tensors (views of a weights payload), creating each
   * parameter straight from its bytes: no {@code float[]} copy of the model on the heap. Fails
   * like {@link #fromHostTensors} on a missing, extra or mis-shaped tensor, and names any tensor
   * that is not F32. On the CPU, tensors of a direct buffer are views of it, not copies: such a
   * model is for inference (an executor's), since an update in place would change the payload.
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
    model.release = release;
    return model;
  }

  private static PolicyModel fromRawTensorsOwned(ModelConfig config,
      Map<String, RawTensor> tensors, Device device, String source) {
    Map<String, RawTensor> checked = ModelLayout.checkShapes(config, tensors, RawTensor::shape,
        source);
    checked.forEach((name, t) -> {
      if (t.dtype() != DType.F32) {
        throw new IllegalArgumentException(source + ": tensor " + name + " is " + t.dtype()
            + ", expected F32");
      }
    });
    // DJL copies a heap buffer's bytes as they are, and on the CPU makes a tensor of a direct
    // buffer's bytes in place (the tensor holds the buffer), so they must be in the platform's
    // order; executors only read their parameters, so a view of a payload is safe.
    boolean nativeLittleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    return build(config, device, (manager, name, shape) -> {
      RawTensor t = checked.get(name);
      return nativeLittleEndian
          ? manager.create(t.data().duplicate(), shape, DataType.FLOAT32)
          : manager.create(t.decode().values(), shape);
    });
  }

  /**
   * Reads the tensors of a source that streams them (a model folder) into one parameter at a time:
   * besides the model, the heap holds one tensor's values, not the whole model's. The layout is
   * checked against {@code config} from the source's header before any tensor is created.
   */
  public static PolicyModel fromTensorStream(ModelConfig config, Device device, String source,
      TensorStream stream) throws IOException {
    Map<String, NDArray> created = new HashMap<>();
    try (NDManager staging = NDManager.newBaseManager(device)) {
      stream.readInto(new SafetensorsReader.TensorSink() {
        private Map<String, long[]> kept = Map.of();

        @Override
        public void begin(Map<String, long[]> shapes, Map<String, String> metadata) {
          kept = ModelLayout.checkShapes(config, shapes, shape -> shape, source);
        }

        @Override
        public void accept(String name, HostTensor tensor) {
          if (kept.containsKey(name)) {
            created.put(name, staging.create(tensor.values(), new Shape(tensor.shape())));
          }
        }
      });
      return build(config, device, (manager, name, shape) -> {
        NDArray a = created.get(name);
        a.attach(manager);
        return a;
      });
    }
  }

  /** A source of tensors that hands them to a sink one at a time. */
  @FunctionalInterface
  public interface TensorStream {
    /** Reads every tensor into {@code sink}. */
    void readInto(SafetensorsReader.TensorSink sink) throws IOException;
  }

  /** Creates one parameter in {@code manager}. */
  @FunctionalInterface
  private interface ParameterFactory {
    NDArray create(NDManager manager, String name, Shape shape);
  }

  /** A model whose parameters {@code factory} creates, in layout order, in a new manager. */
  private static PolicyModel build(ModelConfig config, Device device, ParameterFactory factory) {
    NDManager manager = NDManager.newBaseManager(device);
    manager.setName("policy");
    try {
      Map<String, NDArray> params = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> e : ModelLayout.shapes(config).entrySet()) {
        NDArray a = factory.create(manager, e.getKey(), new Shape(e.getValue()));
        a.setName(e.getKey());
        params.put(e.getKey(), a);
      }
      return new PolicyModel(config, manager, params);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * A copy of this model's current weights on {@code device}, owned by the caller: each
   * parameter is copied on the device (no host round trip when the devices match), detached
   * from any gradient, so later updates of this model leave the copy unchanged.
   */
  public PolicyModel copyTo(Device device) {
    checkOpen();
    return build(config, device, (copyManager, name, shape) -> {
      NDArray p = parameters.get(name);
      NDArray a = p.stopGradient();
      NDArray copy = a.getDevice().equals(device) ? a.duplicate() : a.toDevice(device, true);
      if (a != p) {
        a.close();
      }
      copy.attach(copyManager);
      return copy;
    });
  }

  /** Parameter names and shapes, in layout order. */
  public Map<String, long[]> shapes() {
    checkOpen();
    Map<String, long[]> out = new LinkedHashMap<>();
    parameters.forEach((name, a) -> out.put(name, a.getShape().getShape()));
    return out;
  }

  /** Host copy of one parameter's values, row-major; fails naming an unknown parameter. */
  public float[] values(String name) {
    checkOpen();
    NDArray a = parameters.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return a.toFloatArray();
  }

  /** Copies every parameter to the host, in layout order, exact to the bit. */
  public Map<String, HostTensor> toHostTensors() {
    checkOpen();
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray a = e.getValue();
      out.put(e.getKey(), new HostTensor(a.getShape().getShape(), a.toFloatArray()));
    }
    return out;
  }

  /**
   * Overwrites every parameter in place with {@code tensors} (same layout), keeping the native
   * arrays (and any optimizer state keyed to them) alive.
   */
  public void load(Map<String, HostTensor> tensors, String source) {
    checkOpen();
    Map<String, HostTensor> checked = ModelLayout.check(config, tensors, source);
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      e.getValue().set(checked.get(e.getKey()).values());
    }
  }

  /** Marks every parameter as requiring a gradient (the learner's copy) or not (rollouts). */
  public void setTrainable(boolean trainable) {
    checkOpen();
    for (NDArray p : parameters.values()) {
      p.setRequiresGradient(trainable);
    }
  }

  /** The hyperparameters. */
  public ModelConfig config() {
    return config;
  }

  /** The device the parameters live on. */
  public Device device() {
    return manager.getDevice();
  }

  /** The manager that owns the parameters; per-call work uses a sub-manager of it. */
  public NDManager manager() {
    checkOpen();
    return manager;
  }

  /** Parameter names in layout order. */
  public List<String> parameterNames() {
    return new ArrayList<>(parameters.keySet());
  }

  /** Parameters in layout order (live arrays: do not close them). */
  public List<NDArray> parameters() {
    checkOpen();
    return new ArrayList<>(parameters.values());
  }

  /** One parameter by Hugging Face name. */
  public NDArray parameter(String name) {
    NDArray p = parameters.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return p;
  }

  /**
   * Runs the decoder and returns the final-normed hidden states.
   *
   * @param ids {@code (B, T)} int64 token ids
   * @param positions {@code (B, T)} int64 rotary positions
   * @param mask additive attention mask broadcastable to {@code (B, 1, 1, T, S)} float32, 0
   *     where a query may attend to a key and a large negative number elsewhere
   * @param cache keys/values of earlier positions, or null for a full forward pass ({@code S=T})
   * @param offset first cache column written by this call ({@code S = offset + T})
   * @return {@code (B, T, H)} float32
   */
  public NDArray hidden(NDArray ids, NDArray positions, NDArray mask, KvCache cache, int offset) {
    checkOpen();
    return decoder.hidden(ids, positions, mask, cache, offset);
  }

  /** LM head: {@code (B, T, H) -> (B, T, V)} float32 logits. */
  public NDArray logits(NDArray hidden) {
    checkOpen();
    return decoder.logits(hidden);
  }

  RotaryEmbedding rope() {
    return rope;
  }

  Map<String, NDArray> parameterMap() {
    return parameters;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("policy model is closed");
    }
  }

  /** True once {@link #close()} ran. */
  public boolean isClosed() {
    return closed;
  }

  /** Frees the parameters' native memory. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      manager.close();
      if (release != null) {
        release.run();
      }
    }
  }

  /** The float32 dtype every parameter uses. */
  public static DataType dtype() {
    return DataType.FLOAT32;
  }
}
