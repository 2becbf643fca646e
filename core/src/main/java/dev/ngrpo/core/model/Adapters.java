package dev.ngrpo.core.model;

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

/**
 * The LoRA adapters of a {@link PolicyModel} ({@link LoraSettings}): per adapted projection
 * {@code p} with weight {@code W (out, in)}, {@code A (r, in)} and {@code B (out, r)}, so that
 * {@code p(x) = x W^T + s (x A^T) B^T} with {@code s = alpha / r}. Arrays live in the model's
 * manager. Names are PEFT's ({@code base_model.model.<p>.lora_A.weight}), so the adapters saved
 * as {@code adapter_model.safetensors} load in PEFT and back here.
 *
 * <p>Initialised as PEFT does by default: A from {@code kaiming_uniform_(a = sqrt(5))}, which is
 * U(-1/sqrt(in), 1/sqrt(in)), and B zero, so a new adapter leaves the model's output exactly as
 * it was. {@code (x A^T) B^T} is computed in that order: two thin products of {@code r} columns,
 * never the {@code (out, in)} matrix {@code B A}.
 *
 * <p>With {@code lora_dropout} p &gt; 0 ({@link LoraSettings#dropout()}) the learner's training
 * forward uses {@link #inTraining} copies, whose adapters drop their inputs ({@link
 * AdapterDropout}); these adapters themselves never do.
 */
public final class Adapters {
  /** PEFT's prefix of every adapter tensor name. */
  public static final String PREFIX = "base_model.model.";

  private static final Adapters NONE = new Adapters(LoraSettings.OFF, Map.of());

  private final LoraSettings settings;
  /** Projection prefix -> {A, B}. */
  private final Map<String, NDArray[]> pairs;
  /** The training pass's dropout, or null: inputs are taken whole. */
  private final AdapterDropout dropout;

  private Adapters(LoraSettings settings, Map<String, NDArray[]> pairs) {
    this(settings, Collections.unmodifiableMap(pairs), null);
  }

  private Adapters(LoraSettings settings, Map<String, NDArray[]> pairs,
      AdapterDropout dropout) {
    this.settings = settings;
    this.pairs = pairs;
    this.dropout = dropout;
  }

  /** No adapter: the plain model. */
  public static Adapters none() {
    return NONE;
  }

  /**
   * New adapters for {@code config}'s projections {@code lora} names, in {@code manager}; each A
   * draws from its own generator seeded by {@code seed} and its name.
   */
  static Adapters initialize(ModelConfig config, LoraSettings lora, long seed,
      NDManager manager) {
    Map<String, long[]> shapes = config.architecture().parameterShapes(config);
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (String p : lora.projections(config)) {
      long[] w = shapes.get(p + ".weight");
      long in = w[1];
      float[] a = new float[Math.toIntExact(lora.rank() * in)];
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L
          + nameA(p).hashCode());
      double bound = 1.0 / Math.sqrt(in);
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (random.nextDouble(-bound, bound));
      }
      tensors.put(nameA(p), new HostTensor(new long[] {lora.rank(), in}, a));
      tensors.put(nameB(p), new HostTensor(new long[] {w[0], lora.rank()},
          new float[Math.toIntExact(w[0] * lora.rank())]));
    }
    return fromHostTensors(config, lora, tensors, manager, "initialization");
  }

  /**
   * Adapters from host tensors under PEFT's names, in {@code manager}.
   *
   * @throws IllegalArgumentException naming {@code source} and the tensor when one is missing,
   *     has the wrong shape, or is not an adapter of {@code lora}
   */
  static Adapters fromHostTensors(ModelConfig config, LoraSettings lora,
      Map<String, HostTensor> tensors, NDManager manager, String source) {
    Map<String, long[]> shapes = config.architecture().parameterShapes(config);
    Map<String, NDArray[]> pairs = new LinkedHashMap<>();
    List<String> projections = lora.projections(config);
    for (String p : projections) {
      long[] w = shapes.get(p + ".weight");
      NDArray a = create(manager, tensors, nameA(p), new long[] {lora.rank(), w[1]}, source);
      NDArray b = create(manager, tensors, nameB(p), new long[] {w[0], lora.rank()}, source);
      pairs.put(p, new NDArray[] {a, b});
    }
    for (String name : tensors.keySet()) {
      if (!pairs.containsKey(projection(name))) {
        throw new IllegalArgumentException(source + ": tensor " + name + " is not an adapter of"
            + " target modules " + lora.targetModules() + " at rank " + lora.rank());
      }
    }
    return new Adapters(lora, pairs);
  }

  private static NDArray create(NDManager manager, Map<String, HostTensor> tensors, String name,
      long[] shape, String source) {
    HostTensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(source + ": no adapter tensor " + name);
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new IllegalArgumentException(source + ": adapter tensor " + name + " has shape "
          + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
    }
    NDArray a = manager.create(t.values(), new Shape(shape));
    a.setName(name);
    return a;
  }

  /** PEFT's name of the A matrix of projection {@code p}. */
  public static String nameA(String p) {
    return PREFIX + p + ".lora_A.weight";
  }

  /** PEFT's name of the B matrix of projection {@code p}. */
  public static String nameB(String p) {
    return PREFIX + p + ".lora_B.weight";
  }

  /** The projection prefix of an adapter tensor name. */
  private static String projection(String name) {
    String p = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
    int cut = p.lastIndexOf(".lora_");
    return cut < 0 ? p : p.substring(0, cut);
  }

  public LoraSettings settings() {
    return settings;
  }

  /** True when there is no adapter. */
  public boolean isEmpty() {
    return pairs.isEmpty();
  }

  /**
   * These adapters as the learner's training forward {@code pass} over {@code batch} uses them:
   * the same arrays (gradients reach them), each dropping its input as {@link AdapterDropout}
   * says. Themselves when there is no adapter or {@code lora_dropout} is 0, so that such a pass
   * makes no mask and computes exactly what any other pass does.
   */
  Adapters inTraining(TrainingPass pass, LeftPaddedBatch batch) {
    if (pairs.isEmpty() || settings.dropout() == 0) {
      return this;
    }
    return new Adapters(settings, pairs, new AdapterDropout(settings.dropout(), pass, batch));
  }

  /**
   * The adapter term of projection {@code prefix} for input {@code x (B, T, in)}: {@code s (x
   * A^T) B^T (B, T, out)}, or null when the projection has no adapter. In a training pass with
   * dropout, {@code s / (1 - p) (where(mask, x, 0) A^T) B^T} ({@link AdapterDropout}).
   */
  NDArray delta(NDArray x, String prefix) {
    NDArray[] ab = pairs.get(prefix);
    if (ab == null) {
      return null;
    }
    NDArray in = dropout == null ? x : dropout.drop(x, prefix);
    double scale = dropout == null ? settings.scale() : settings.scale() * dropout.scale();
    return in.matMul(ab[0].transpose()).matMul(ab[1].transpose())
        .mul(Scalars.of(x, (float) scale));
  }

  /**
   * {@code W + s B A} of projection {@code prefix} in float32 (a new array, no gradient; a
   * float16 W is widened first), or null when it has no adapter.
   */
  NDArray merged(String prefix, NDArray weight) {
    NDArray[] ab = pairs.get(prefix);
    if (ab == null) {
      return null;
    }
    // detached copies: the merged array carries no gradient back to the adapters or W
    NDArray a = ab[0].stopGradient();
    NDArray b = ab[1].stopGradient();
    NDArray detached = weight.stopGradient();
    NDArray w = TensorTypes.cast(detached, DataType.FLOAT32);
    if (w != detached) {
      detached.close();
    }
    NDArray product = b.matMul(a);
    NDArray scaled = product.mul(Scalars.of(product, (float) settings.scale()));
    NDArray sum = w.add(scaled);
    for (NDArray t : List.of(a, b, w, product, scaled)) {
      t.close();
    }
    return sum;
  }

  /** Adapter tensors under PEFT's names, A then B per projection, in layer order. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (String p : pairs.keySet()) {
      out.add(nameA(p));
      out.add(nameB(p));
    }
    return out;
  }

  /** The adapter arrays in {@link #names()} order (live: do not close them). */
  List<NDArray> arrays() {
    List<NDArray> out = new ArrayList<>();
    for (NDArray[] ab : pairs.values()) {
      out.add(ab[0]);
      out.add(ab[1]);
    }
    return out;
  }

  /** Host copies of every adapter tensor, exact, under PEFT's names. */
  public Map<String, HostTensor> toHostTensors() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    List<String> names = names();
    List<NDArray> arrays = arrays();
    for (int i = 0; i < names.size(); i++) {
      NDArray a = arrays.get(i);
      out.put(names.get(i), new HostTensor(a.getShape().getShape(), a.toFloatArray()));
    }
    return out;
  }
}
