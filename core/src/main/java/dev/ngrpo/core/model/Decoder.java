package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;

/**
 * The forward pass of {@link LlamaArchitecture}. Shapes: B batch rows, T query positions, S key
 * positions, H hidden, h head width, nq query heads, nkv key/value heads, r = nq / nkv.
 *
 * <pre>
 * x = embed(ids)                                  (B, T, H)
 * per layer:
 *   a = RMSNorm(x)
 *   q = rope(a Wq^T + bq) -> (B, nq, T, h) -> (B, nkv, r*T, h)
 *   k = rope(a Wk^T + bk),  v = a Wv^T + bv      (B, nkv, T, h), appended to the cache -> S
 *   p = softmax(q k^T / sqrt(h) + mask)           (B, nkv, r*T, S), masked as (B, nkv, r, T, S)
 *   x = x + (p v -> (B, T, nq*h)) Wo^T
 *   m = RMSNorm(x);  x = x + (silu(m Wg^T) * (m Wu^T)) Wd^T
 * RMSNorm(x) = x / sqrt(mean(x^2) + eps) * w
 * </pre>
 * Grouped-query heads are matched as Hugging Face's {@code repeat_kv}: query head {@code j}
 * reads key/value head {@code j / r}. A projection with a LoRA adapter adds {@code s (x A^T)
 * B^T} to {@code x W^T + b} ({@link Adapters}); in the learner's training pass with LoRA
 * dropout the adapter reads {@code drop(x)} instead of x ({@link AdapterDropout}). Frozen
 * float16 matrices ({@link PolicyModel#frozenIn}) multiply float16 copies of their inputs;
 * every product is widened to float32 before anything else touches it.
 */
final class Decoder implements ForwardPass {
  private final ModelConfig c;
  private final Map<String, NDArray> p;
  private final Adapters adapters;
  private final RotaryEmbedding rope;
  private final float scale;

  Decoder(ModelConfig c, Map<String, NDArray> parameters, Adapters adapters,
      RotaryEmbedding rope) {
    this.c = c;
    this.p = parameters;
    this.adapters = adapters;
    this.rope = rope;
    this.scale = (float) (1.0 / Math.sqrt(c.headDim()));
  }

  private Decoder(Decoder base, Adapters adapters) {
    this.c = base.c;
    this.p = base.p;
    this.adapters = adapters;
    this.rope = base.rope;
    this.scale = base.scale;
  }

  @Override
  public ForwardPass withAdapters(Adapters other) {
    return new Decoder(this, other);
  }

  @Override
  public NDArray hidden(NDArray ids, NDArray positions, NDArray mask, KvCache cache, int offset) {
    NDArray x = wide(ids.getNDArrayInternal()
        .embedding(ids, p.get(LlamaArchitecture.EMBED), SparseFormat.DENSE).singletonOrThrow());
    // S key columns: positions are at most their column, so below S (ForwardPass#hidden)
    rope.cover((cache == null ? 0 : offset) + ids.getShape().get(1));
    NDArray[] cosSin = rope.lookup(positions);
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      String l = LlamaArchitecture.layer(i);
      NDArray a = rmsNorm(x, p.get(l + "input_layernorm.weight"));
      x = x.add(attention(l, i, a, cosSin, mask, cache, offset));
      NDArray m = rmsNorm(x, p.get(l + "post_attention_layernorm.weight"));
      NDArray gate = linear(m, l + "mlp.gate_proj");
      NDArray act = gate.mul(Activation.sigmoid(gate)).mul(linear(m, l + "mlp.up_proj"));
      x = x.add(linear(act, l + "mlp.down_proj"));
    }
    return rmsNorm(x, p.get(LlamaArchitecture.FINAL_NORM));
  }

  @Override
  public NDArray logits(NDArray hidden) {
    NDArray head = c.tieWordEmbeddings() ? p.get(LlamaArchitecture.EMBED)
        : p.get(LlamaArchitecture.LM_HEAD);
    return product(hidden, head);
  }

  private NDArray attention(String l, int layer, NDArray a, NDArray[] cosSin, NDArray mask,
      KvCache cache, int offset) {
    long b = a.getShape().get(0);
    long t = a.getShape().get(1);
    int h = c.headDim();
    int nkv = c.numKeyValueHeads();
    int r = c.groupsPerKvHead();
    NDArray q = linear(a, l + "self_attn.q_proj").reshape(b, t, c.numAttentionHeads(), h)
        .transpose(0, 2, 1, 3);
    NDArray k = linear(a, l + "self_attn.k_proj").reshape(b, t, nkv, h).transpose(0, 2, 1, 3);
    NDArray v = linear(a, l + "self_attn.v_proj").reshape(b, t, nkv, h).transpose(0, 2, 1, 3);
    // The r query heads sharing a key/value head are stacked along the query axis, so one
    // batched matmul per kv head serves them all without materializing repeated keys.
    q = rope.apply(q, cosSin).reshape(b, nkv, r * t, h);
    k = rope.apply(k, cosSin);
    if (cache != null) {
      NDArray[] kv = cache.append(layer, k, v, offset);
      k = kv[0];
      v = kv[1];
    }
    long s = k.getShape().get(2);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(Scalars.of(q, scale)) // (B, nkv, r*T, S)
        .reshape(b, nkv, r, t, s).add(mask).reshape(b, nkv, r * t, s);
    NDArray out = scores.softmax(-1).matMul(v) // (B, nkv, r*T, h)
        .reshape(b, nkv, r, t, h).transpose(0, 3, 1, 2, 4)
        .reshape(b, t, (long) c.numAttentionHeads() * h);
    return linear(out, l + "self_attn.o_proj");
  }

  private NDArray linear(NDArray x, String prefix) {
    NDArray bias = p.get(prefix + ".bias");
    NDArray w = p.get(prefix + ".weight");
    NDArray y;
    if (w.getDataType() == DataType.FLOAT32) {
      y = (bias == null ? Linear.linear(x, w) : Linear.linear(x, w, bias)).singletonOrThrow();
    } else {
      y = product(x, w);
      y = bias == null ? y : y.add(bias);
    }
    NDArray delta = adapters.delta(x, prefix);
    return delta == null ? y : y.add(delta);
  }

  /**
   * {@code x W^T}, float32. A frozen float16 W ({@link PolicyModel#frozenIn}) multiplies a
   * float16 copy of x, and the product is widened: the matrix product runs in half precision
   * (on a GPU, on its tensor cores), everything around it in float32.
   *
   * <p>Only forward: DJL's cast ({@code toType}) is not recorded by autograd, so a gradient
   * would stop at the first such product without a word. Such a product inside a gradient
   * collector (a model trained through these weights, as LoRA's base) is refused instead.
   */
  private static NDArray product(NDArray x, NDArray w) {
    if (w.getDataType() == DataType.FLOAT32) {
      return Linear.linear(x, w).singletonOrThrow();
    }
    if (JniUtils.isGradMode()) {
      throw new IllegalStateException("a gradient cannot flow through " + w.getDataType()
          + " weight " + w.getName() + ": DJL's casts are not recorded by autograd, so a"
          + " trained model keeps its frozen weights in float32 (ngrpo.model.frozen-dtype"
          + " applies to models only run forward)");
    }
    return wide(Linear.linear(TensorTypes.cast(x, w.getDataType()), w).singletonOrThrow());
  }

  /** {@code a} in float32 (itself when it is). */
  private static NDArray wide(NDArray a) {
    return TensorTypes.cast(a, DataType.FLOAT32);
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray inv = x.square().mean(new int[] {-1}, true)
        .add(Scalars.of(x, (float) c.rmsNormEps())).pow(Scalars.of(x, -0.5f));
    return x.mul(inv).mul(weight);
  }
}
