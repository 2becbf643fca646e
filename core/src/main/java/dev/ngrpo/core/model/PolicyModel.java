package dev.ngrpo.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.ngrpo.core.safetensors.HostTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The policy: a decoder-only transformer whose parameters live in native memory owned by this
 * object (one {@link NDManager}, closed by {@link #close()}). Its {@link Architecture} (from
 * {@code model_type}) names and shapes the parameters and runs the forward pass;
 * {@link WeightLoader} fills them from checkpoints, and {@link #toHostTensors()} copies them back
 * to the host exactly.
 *
 * <p>With LoRA ({@link #withLora}) the model also holds {@link Adapters}: the base parameters
 * are frozen and only the adapters train ({@link #trainableParameters()}). Everything that reads
 * the model as a plain Hugging Face model ({@link #shapes()}, {@link #values}, {@link
 * #toHostTensors()}, {@link #copyTo}: publishing, saving, exporting) sees the merged weights
 * {@code W + s B A}; {@link #withoutAdapters()} is the frozen base, the KL reference, without a
 * second copy of the weights.
 */
public final class PolicyModel implements AutoCloseable {
  private static final double INIT_STD = 0.02;

  private final ModelConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> parameters;
  private final Adapters adapters;
  private final ForwardPass forward;
  /** False for a view ({@link #withoutAdapters()}), which frees nothing when closed. */
  private final boolean owner;
  /** Frees the memory the parameters may be views of, after them; null when they own theirs. */
  private Runnable release;
  private volatile boolean closed;

  private PolicyModel(ModelConfig config, NDManager manager, Map<String, NDArray> parameters,
      Adapters adapters, boolean owner) {
    this.config = config;
    this.manager = manager;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.adapters = adapters;
    this.owner = owner;
    this.forward = config.architecture().forward(config, this.parameters, adapters, manager);
  }

  private PolicyModel(ModelConfig config, NDManager manager, Map<String, NDArray> parameters) {
    this(config, manager, parameters, Adapters.none(), true);
  }

  /**
   * This model with new LoRA adapters ({@link Adapters}: B = 0, so its outputs are exactly this
   * model's), which takes over this model's memory: this object is closed without freeing it,
   * and the returned model frees it.
   */
  public PolicyModel withLora(LoraSettings lora, long seed) {
    return adopt(Adapters.initialize(config, lora, seed, manager));
  }

  /**
   * This model with the adapters in {@code tensors} (PEFT's names), taking over its memory as
   * {@link #withLora} does.
   *
   * @throws IllegalArgumentException naming {@code source} and the tensor that does not fit
   */
  public PolicyModel withAdapters(LoraSettings lora, Map<String, HostTensor> tensors,
      String source) {
    return adopt(Adapters.fromHostTensors(config, lora, tensors, manager, source));
  }

  private PolicyModel adopt(Adapters added) {
    checkOpen();
    if (!adapters.isEmpty() || !owner) {
      throw new IllegalStateException("the model already has adapters or is a view");
    }
    return handOver(parameters, added);
  }

  /**
   * A model of {@code params} and {@code added} over this model's manager that takes over its
   * memory: this object is closed without freeing anything, and the returned one frees it all
   * (and what the parameters were views of).
   */
  private PolicyModel handOver(Map<String, NDArray> params, Adapters added) {
    PolicyModel successor = new PolicyModel(config, manager, params, added, true);
    successor.release = release;
    release = null;
    closed = true;
    return successor;
  }

  /**
   * This plain, untrained model with its weight matrices (every rank-2 parameter: embedding,
   * projections, LM head) in {@code type}, taking over its memory as {@link #withLora} does;
   * norms and biases stay float32. The model itself for float32. Each matrix is cast and its
   * float32 original freed before the next, so the conversion needs one matrix more than the
   * model, not a second model. Cast before {@link #withLora}: the adapters stay float32.
   *
   * <p>The forward pass then runs each frozen product in {@code type} on a copy of its input
   * and widens the result to float32 ({@link Decoder}); values read back ({@link #values},
   * {@link #toHostTensors()}) are the half-precision values widened, exactly.
   *
   * @throws IllegalArgumentException for a type other than float32 and float16
   */
  public PolicyModel frozenIn(DataType type) {
    checkOpen();
    if (type == DataType.FLOAT32) {
      return this;
    }
    if (type != DataType.FLOAT16) {
      throw new IllegalArgumentException("frozen weights are float32 or float16, not " + type);
    }
    if (!adapters.isEmpty() || !owner) {
      throw new IllegalStateException("cast the frozen weights before adding adapters");
    }
    Map<String, NDArray> cast = new LinkedHashMap<>(parameters);
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray p = e.getValue();
      if (p.hasGradient()) {
        throw new IllegalStateException("parameter " + e.getKey() + " is being trained");
      }
      if (p.getShape().dimension() == 2 && p.getDataType() != type) {
        NDArray half = TensorTypes.cast(p, type);
        half.attach(manager);
        half.setName(e.getKey());
        cast.put(e.getKey(), half);
        p.close();
      }
    }
    return handOver(cast, Adapters.none());
  }

  /** The element type of the weight matrices: float32, or float16 after {@link #frozenIn}. */
  public DataType matrixType() {
    return parameters.get(LlamaArchitecture.EMBED).getDataType();
  }

  /**
   * The frozen base of an adapted model: the same parameters without the adapters, as a view
   * that closing does not free (it must not outlive this model). The model itself when it has
   * no adapters.
   */
  public PolicyModel withoutAdapters() {
    checkOpen();
    return adapters.isEmpty() ? this
        : new PolicyModel(config, manager, parameters, Adapters.none(), false);
  }

  /**
   * This plain model with the adapters in {@code tensors} as a view: the parameters are shared
   * (this model must outlive the view), the adapters belong to the view, and closing it frees
   * them and then runs {@code afterClose} (null: nothing). An executor keeps one frozen base
   * and makes a view per adapter version.
   *
   * @throws IllegalArgumentException naming {@code source} and the tensor that does not fit
   */
  public PolicyModel adaptedView(LoraSettings lora, Map<String, HostTensor> tensors,
      String source, Runnable afterClose) {
    return view(own -> Adapters.fromHostTensors(config, lora, tensors, own, source), afterClose);
  }

  /**
   * This plain model with new LoRA adapters (B = 0) as a view, as {@link #adaptedView} makes
   * one: PPO's critic trains adapters of its own over the policy's frozen model.
   */
  public PolicyModel freshAdaptedView(LoraSettings lora, long seed) {
    return view(own -> Adapters.initialize(config, lora, seed, own), null);
  }

  /** A view of this plain model with the adapters {@code make} creates in a manager of theirs. */
  private PolicyModel view(Function<NDManager, Adapters> make, Runnable afterClose) {
    checkOpen();
    if (!adapters.isEmpty()) {
      throw new IllegalStateException("the model already has adapters");
    }
    NDManager own = manager.newSubManager();
    try {
      PolicyModel view = new PolicyModel(config, manager, parameters, make.apply(own), false);
      view.release = () -> {
        own.close();
        if (afterClose != null) {
          afterClose.run();
        }
      };
      return view;
    } catch (RuntimeException e) {
      own.close();
      throw e;
    }
  }

  /** The adapters ({@link Adapters#none()} for a plain model). */
  public Adapters adapters() {
    return adapters;
  }

  /**
   * Builds a model with fresh weights, each parameter filled as its architecture's
   * {@link Architecture#initialValue} says (for Llama: RMSNorm weights 1, biases 0, every other
   * matrix N(0, 0.02)). Each tensor draws from its own generator seeded by {@code seed} and its
   * name, so the same seed gives the same weights on any machine.
   */
  public static PolicyModel initialize(ModelConfig config, long seed, Device device) {
    Architecture architecture = config.architecture();
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : architecture.parameterShapes(config).entrySet()) {
      long[] shape = e.getValue();
      float[] values = new float[Math.toIntExact(new Shape(shape).size())];
      switch (architecture.initialValue(e.getKey())) {
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
    return WeightLoader.fromHostTensors(config, tensors, device, "initialization");
  }

  /** Creates one parameter in {@code manager}. */
  @FunctionalInterface
  interface ParameterFactory {
    NDArray create(NDManager manager, String name, Shape shape);
  }

  /** A model whose parameters {@code factory} creates, in layout order, in a new manager. */
  static PolicyModel build(ModelConfig config, Device device, ParameterFactory factory) {
    NDManager manager = NDManager.newBaseManager(device);
    manager.setName("policy");
    try {
      Map<String, NDArray> params = new LinkedHashMap<>();
      Map<String, long[]> layout = config.architecture().parameterShapes(config);
      for (Map.Entry<String, long[]> e : layout.entrySet()) {
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
   * from any gradient, so later updates of this model leave the copy unchanged. An adapted
   * model's copy is the plain model of its merged weights.
   */
  public PolicyModel copyTo(Device device) {
    checkOpen();
    return build(config, device, (copyManager, name, shape) -> {
      NDArray p = parameters.get(name);
      NDArray merged = merged(name);
      if (merged != null && merged.getDataType() != p.getDataType()) {
        NDArray narrowed = TensorTypes.cast(merged, p.getDataType());
        merged.close();
        merged = narrowed;
      }
      NDArray a = merged != null ? merged : p.stopGradient();
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

  /**
   * Host copy of one parameter's values, row-major (merged with its adapter, if any); fails
   * naming an unknown parameter.
   */
  public float[] values(String name) {
    checkOpen();
    NDArray a = parameters.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    NDArray merged = merged(name);
    if (merged == null) {
      if (a.getDataType() == DataType.FLOAT32) {
        return a.toFloatArray();
      }
      try (NDArray wide = TensorTypes.cast(a, DataType.FLOAT32)) {
        return wide.toFloatArray();
      }
    }
    try {
      return merged.toFloatArray();
    } finally {
      merged.close();
    }
  }

  /** {@code W + s B A} of parameter {@code name} when an adapter adapts it, else null. */
  private NDArray merged(String name) {
    return name.endsWith(".weight")
        ? adapters.merged(name.substring(0, name.length() - ".weight".length()),
            parameters.get(name))
        : null;
  }

  /** Copies every parameter to the host (merged), in layout order, exact to the bit. */
  public Map<String, HostTensor> toHostTensors() {
    checkOpen();
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      out.put(e.getKey(), new HostTensor(e.getValue().getShape().getShape(),
          values(e.getKey())));
    }
    return out;
  }

  /**
   * Marks the trainable parameters ({@link #trainableParameters()}) as requiring a gradient
   * (the learner's copy) or not (rollouts); a frozen base never carries gradient buffers.
   */
  public void setTrainable(boolean trainable) {
    checkOpen();
    for (NDArray p : parameters.values()) {
      p.setRequiresGradient(trainable && adapters.isEmpty());
    }
    for (NDArray a : adapters.arrays()) {
      a.setRequiresGradient(trainable);
    }
  }

  /**
   * Names of what the optimizer updates, in order: the adapter tensors (PEFT's names) of an
   * adapted model, else every parameter.
   */
  public List<String> trainableNames() {
    return adapters.isEmpty() ? parameterNames() : adapters.names();
  }

  /** The arrays of {@link #trainableNames()}, in that order (live arrays: do not close them). */
  public List<NDArray> trainableParameters() {
    checkOpen();
    return adapters.isEmpty() ? parameters() : adapters.arrays();
  }

  /** Shapes of {@link #trainableNames()}, in that order. */
  public Map<String, long[]> trainableShapes() {
    Map<String, long[]> out = new LinkedHashMap<>();
    List<String> names = trainableNames();
    List<NDArray> arrays = trainableParameters();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), arrays.get(i).getShape().getShape());
    }
    return out;
  }

  public ModelConfig config() {
    return config;
  }

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
   * @param positions {@code (B, T)} int64 rotary positions, each at most its key column
   * @param mask additive attention mask broadcastable to {@code (B, 1, 1, T, S)} float32, 0
   *     where a query may attend to a key and a large negative number elsewhere
   * @param cache keys/values of earlier positions, or null for a full forward pass ({@code S=T})
   * @param offset first cache column written by this call ({@code S = offset + T})
   * @return {@code (B, T, H)} float32
   * @throws IllegalArgumentException when S exceeds {@code max_position_embeddings}, or a
   *     position is S or more
   */
  public NDArray hidden(NDArray ids, NDArray positions, NDArray mask, KvCache cache, int offset) {
    checkOpen();
    return forward.hidden(ids, positions, mask, cache, offset);
  }

  /**
   * {@link #hidden} of a full pass (no cache) over {@code batch}, as the learner's training
   * forward {@code pass}: with LoRA dropout the adapters drop their inputs ({@link
   * AdapterDropout}); else exactly {@link #hidden}.
   */
  NDArray trainingHidden(NDArray ids, NDArray positions, NDArray mask, TrainingPass pass,
      LeftPaddedBatch batch) {
    checkOpen();
    Adapters training = adapters.inTraining(pass, batch);
    ForwardPass f = training == adapters ? forward : forward.withAdapters(training);
    return f.hidden(ids, positions, mask, null, 0);
  }

  /** LM head: {@code (B, T, H) -> (B, T, V)} float32 logits. */
  public NDArray logits(NDArray hidden) {
    checkOpen();
    return forward.logits(hidden);
  }

  /** Makes {@link #close()} run {@code release} after freeing the parameters (null: nothing). */
  void releaseOnClose(Runnable release) {
    this.release = release;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("policy model is closed");
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /** Frees the parameters' native memory. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (owner) {
        manager.close();
      }
      if (release != null) {
        release.run();
      }
    }
  }

  /**
   * The float32 dtype every parameter is created and trained in; frozen matrices may be
   * float16 ({@link #frozenIn}).
   */
  public static DataType dtype() {
    return DataType.FLOAT32;
  }
}
