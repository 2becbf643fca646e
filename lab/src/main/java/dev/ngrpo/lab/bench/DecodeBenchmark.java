package dev.ngrpo.lab.bench;

import ai.djl.Device;
import dev.ngrpo.core.generate.GeneratedBatch;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import java.util.SplittableRandom;

/**
 * Batched, KV-cached generation of one model shape with random weights, split into the
 * prefill pass, the decoding steps and host-side sampling ({@link GeneratedBatch}), and the
 * decoding steps' arithmetic rate against the measured matmul peak.
 *
 * <p>Forward FLOPs per decoded token at context length {@code c}, for hidden size {@code h},
 * {@code L} layers, query width {@code q = heads * head_dim}, key/value width {@code k},
 * MLP width {@code m} and vocabulary {@code V}:
 * <pre>
 * 2 * (L * (h*q + 2*h*k + q*h + 3*h*m) + V*h)   weights (each multiply-add is 2 FLOPs)
 * + 4 * L * q * c                                attention scores and weighted values
 * </pre>
 * with {@code c} the mean context of the decoding steps, {@code P + (S + 1) / 2} for prompt
 * width {@code P} and {@code S} steps. Norms, rotary embeddings and softmax are left out
 * (under 1% at these widths).
 */
public final class DecodeBenchmark {
  /**
   * A shape to measure.
   *
   * @param name label in the report
   * @param config architecture (random weights)
   */
  public record Shape(String name, ModelConfig config) {}

  /**
   * One measured generation.
   *
   * @param model shape name
   * @param parameters scalar parameters
   * @param batch rows B
   * @param promptTokens prompt width P
   * @param newTokens tokens generated per row
   * @param prefillSeconds the prefill pass
   * @param decodeSeconds the decoding steps (forward, log-softmax, host copy)
   * @param samplingSeconds drawing the tokens on the host
   * @param tokensPerSecond generated tokens of all rows per second of the whole generation
   * @param tokensPerSecondPerCore {@code tokensPerSecond / cores}
   * @param decodeGflops FLOP rate of the decoding steps
   * @param fractionOfPeak {@code decodeGflops / peak}
   */
  public record Figure(String model, long parameters, int batch, int promptTokens,
      int newTokens, double prefillSeconds, double decodeSeconds, double samplingSeconds,
      double tokensPerSecond, double tokensPerSecondPerCore, double decodeGflops,
      double fractionOfPeak) {}

  private DecodeBenchmark() {}

  /** The Qwen2.5-0.5B architecture (its config.json), with random weights. */
  public static ModelConfig qwen05b() {
    return new ModelConfig("qwen2", 151936, 896, 4864, 24, 14, 2, 64, 1e-6, 1_000_000.0, 32768,
        true, true, -1, -1);
  }

  /** Forward FLOPs of one decoded token at mean context {@code context}. */
  static double flopsPerToken(ModelConfig c, double context) {
    double h = c.hiddenSize();
    double q = (double) c.numAttentionHeads() * c.headDim();
    double k = (double) c.numKeyValueHeads() * c.headDim();
    double perLayer = h * q + 2 * h * k + q * h + 3 * h * c.intermediateSize();
    return 2 * (c.numHiddenLayers() * perLayer + (double) c.vocabSize() * h)
        + 4.0 * c.numHiddenLayers() * q * context;
  }

  /**
   * Generates {@code newTokens} tokens for {@code batch} random prompts of {@code promptTokens}
   * tokens (no stop token: every row decodes every step), after a 2-token warm-up.
   *
   * @param peakGflops the machine's matmul peak from {@link MatmulPeak}
   * @param cores cores the engine computes on
   */
  public static Figure measure(Shape shape, int batch, int promptTokens, int newTokens,
      double peakGflops, int cores) {
    ModelConfig c = shape.config();
    SplittableRandom random = new SplittableRandom(5);
    int[][] prompts = new int[batch][];
    long[] seeds = new long[batch];
    for (int i = 0; i < batch; i++) {
      prompts[i] = random.ints(promptTokens, 0, c.vocabSize()).toArray();
      seeds[i] = i;
    }
    try (PolicyModel model = PolicyModel.initialize(c, 1, Device.cpu())) {
      Generator.generateBatch(model, prompts, seeds,
          new SamplingSettings(1f, 1f, 0, 2, new int[0]));
      long t0 = System.nanoTime();
      GeneratedBatch g = Generator.generateBatch(model, prompts, seeds,
          new SamplingSettings(1f, 1f, 0, newTokens, new int[0]));
      double seconds = (System.nanoTime() - t0) / 1e9;
      double decode = g.decodeNanos() / 1e9;
      double context = promptTokens + (g.decodeSteps() + 1) / 2.0;
      double gflops = g.decodeSteps() * (double) batch * flopsPerToken(c, context) / decode / 1e9;
      double tokensPerSecond = (double) batch * newTokens / seconds;
      return new Figure(shape.name(), c.parameterCount(), batch, promptTokens, newTokens,
          g.prefillNanos() / 1e9, decode, g.samplingNanos() / 1e9, tokensPerSecond,
          tokensPerSecond / cores, gflops, gflops / peakGflops);
    }
  }
}
