package dev.ngrpo.learner.critic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ngrpo.core.model.LlamaArchitecture;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.TokenScorer;
import dev.ngrpo.core.model.WeightLoader;
import dev.ngrpo.core.safetensors.HostTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PPO's critic: a decoder with the policy's architecture (its trunk) and a scalar head per
 * token, {@code V(s_t) = w . h_t + b}, where {@code h_t} is the final-normed hidden state that
 * predicts response token t ({@link TokenScorer#responseStates}): the value of the state before
 * the token is generated, as verl's critic reads it. The head is Hugging Face's
 * {@code AutoModelForTokenClassification} with one label: {@code score.weight (1, H)} and
 * {@code score.bias (1)}.
 *
 * <p>With LoRA the trunk is a view of the policy's frozen model with adapters of its own
 * ({@link #startingFrom}); only they and the head train.
 *
 * <p>The trunk's LM head ({@code lm_head.weight}, when not tied to the embedding) takes no part
 * in a value and is neither trained nor given optimizer state; it is kept so that the critic's
 * folder stays a causal-LM folder any of this project's loaders read.
 */
public final class ValueModel implements AutoCloseable {
  /** The head's weight, {@code (1, H)}. */
  public static final String HEAD_WEIGHT = "score.weight";
  /** The head's bias, {@code (1)}. */
  public static final String HEAD_BIAS = "score.bias";

  private final PolicyModel trunk;
  private final NDManager headManager;
  private final NDArray weight;
  private final NDArray bias;

  private ValueModel(PolicyModel trunk, float[] weight, float bias) {
    this.trunk = trunk;
    this.headManager = trunk.manager().newSubManager();
    int h = trunk.config().hiddenSize();
    this.weight = headManager.create(weight, new Shape(1, h));
    this.bias = headManager.create(new float[] {bias}, new Shape(1));
  }

  /**
   * A critic of {@code trunk} (which it takes over and closes) with the head in {@code tensors}
   * ({@link #HEAD_WEIGHT}, {@link #HEAD_BIAS}), or, when they are absent, a fresh head: weights
   * N(0, headInitStd^2) from {@code seed} (all 0 when headInitStd is 0) and bias 0.
   *
   * @throws IllegalArgumentException naming {@code source} when a head tensor is mis-shaped
   */
  public static ValueModel of(PolicyModel trunk, Map<String, HostTensor> tensors,
      double headInitStd, long seed, String source) {
    int h = trunk.config().hiddenSize();
    HostTensor w = tensors.get(HEAD_WEIGHT);
    HostTensor b = tensors.get(HEAD_BIAS);
    try {
      if (w == null && b == null) {
        float[] init = new float[h];
        SplittableRandom random = new SplittableRandom(seed ^ 0x5C0AE5L);
        for (int i = 0; i < h && headInitStd > 0; i++) {
          init[i] = (float) (headInitStd * gaussian(random));
        }
        return new ValueModel(trunk, init, 0f);
      }
      if (w == null || b == null || w.values().length != h || b.values().length != 1) {
        throw new IllegalArgumentException(source + ": a critic's head is " + HEAD_WEIGHT
            + " (1, " + h + ") and " + HEAD_BIAS + " (1); found " + describe(w) + " and "
            + describe(b));
      }
      return new ValueModel(trunk, w.values(), b.values()[0]);
    } catch (RuntimeException e) {
      trunk.close();
      throw e;
    }
  }

  /** {@code tensors} without the head's: what the trunk is built from. */
  public static Map<String, HostTensor> trunkOf(Map<String, HostTensor> tensors) {
    Map<String, HostTensor> out = new LinkedHashMap<>(tensors);
    out.remove(HEAD_WEIGHT);
    out.remove(HEAD_BIAS);
    return out;
  }

  /**
   * The values of every response token, in {@code m}.
   *
   * @return {@code (B, R)} float32 values, 0 on padding, and the {@code (B, R)} mask; with
   *     gradients when the critic is trainable and a collector is open
   */
  public Values values(NDManager m, int[][] prompts, int[][] responses) {
    TokenScorer.ResponseStates s = TokenScorer.responseStates(trunk, m, prompts, responses);
    NDArray v = s.hidden().matMul(weight.transpose()).squeeze(2).add(bias).mul(s.valid());
    return new Values(v, s.valid());
  }

  /**
   * A batch's values and mask.
   *
   * @param values {@code (B, R)} float32
   * @param mask {@code (B, R)} float32 0/1
   */
  public record Values(NDArray values, NDArray mask) {}

  /** Makes the trained parameters require gradients (the trunk's, less its LM head, and the head). */
  public void setTrainable() {
    trunk.setTrainable(true);
    NDArray lmHead = untiedLmHead();
    if (lmHead != null) {
      lmHead.setRequiresGradient(false);
    }
    weight.setRequiresGradient(true);
    bias.setRequiresGradient(true);
  }

  /** Names of what the critic's optimizer updates, in order. */
  public List<String> trainableNames() {
    List<String> names = new ArrayList<>();
    for (String n : trunk.trainableNames()) {
      if (!isUntiedLmHead(n)) {
        names.add(n);
      }
    }
    names.add(HEAD_WEIGHT);
    names.add(HEAD_BIAS);
    return names;
  }

  /** The arrays of {@link #trainableNames()} (live: do not close them). */
  public List<NDArray> trainableParameters() {
    List<String> names = trunk.trainableNames();
    List<NDArray> arrays = trunk.trainableParameters();
    List<NDArray> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (!isUntiedLmHead(names.get(i))) {
        out.add(arrays.get(i));
      }
    }
    out.add(weight);
    out.add(bias);
    return out;
  }

  /**
   * Host copies of every tensor: the trunk's under Hugging Face names (with LoRA, its merged
   * weights), and the head's.
   */
  public Map<String, HostTensor> toHostTensors() {
    Map<String, HostTensor> out = new LinkedHashMap<>(trunk.toHostTensors());
    out.putAll(headTensors());
    return out;
  }

  /** Host copies of the head's two tensors. */
  public Map<String, HostTensor> headTensors() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    out.put(HEAD_WEIGHT, new HostTensor(new long[] {1, weight.size()}, weight.toFloatArray()));
    out.put(HEAD_BIAS, new HostTensor(new long[] {1}, bias.toFloatArray()));
    return out;
  }

  /**
   * A critic for {@code policy} that starts from it: with LoRA, adapters of its own (fresh, B =
   * 0) over the policy's frozen model, shared and not copied (the critic must not outlive the
   * policy); else a copy of the policy's weights. The head is fresh
   * ({@link #of}: {@code headInitStd}, {@code seed}).
   */
  public static ValueModel startingFrom(PolicyModel policy, double headInitStd, long seed) {
    PolicyModel trunk = policy.adapters().isEmpty()
        ? WeightLoader.fromHostTensors(policy.config(), policy.toHostTensors(), policy.device(),
            "critic (a copy of the policy)")
        // another seed than the policy's adapters, so the two do not start alike
        : policy.withoutAdapters().freshAdaptedView(policy.adapters().settings(),
            seed ^ 0xC1A1CL);
    return of(trunk, Map.of(), headInitStd, seed, "critic");
  }

  /** The trunk (a decoder like the policy's). */
  public PolicyModel trunk() {
    return trunk;
  }

  private NDArray untiedLmHead() {
    return trunk.config().tieWordEmbeddings() || !trunk.adapters().isEmpty() ? null
        : trunk.parameter(LlamaArchitecture.LM_HEAD);
  }

  private boolean isUntiedLmHead(String name) {
    return name.equals(LlamaArchitecture.LM_HEAD) && untiedLmHead() != null;
  }

  private static String describe(HostTensor t) {
    return t == null ? "none" : java.util.Arrays.toString(t.shape());
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** Frees the head and the trunk. */
  @Override
  public void close() {
    headManager.close();
    trunk.close();
  }
}
