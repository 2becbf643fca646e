package dev.ngrpo.core.model;

import ai.djl.Device;

/** Tiny decoders for tests: small enough to run in milliseconds, shaped to exercise every path. */
public final class TinyModels {
  private TinyModels() {}

  /** GQA (4 query heads over 2 kv heads), q/k/v bias, untied LM head; vocab 20, 2 layers. */
  public static ModelConfig gqaWithBias() {
    return new ModelConfig("qwen2", 20, 32, 48, 2, 4, 2, 8, 1e-6, 10000.0, 64, false, true, -1, 1);
  }

  /** Plain multi-head attention, tied embeddings, no bias; vocab 20, 1 layer. */
  public static ModelConfig tied() {
    return ModelConfig.llama(20, 16, 32, 1, 2, 2, 64, true);
  }

  /** A fresh CPU model of {@code config} with seed {@code seed}. */
  public static PolicyModel create(ModelConfig config, long seed) {
    return PolicyModel.initialize(config, seed, Device.cpu());
  }
}
