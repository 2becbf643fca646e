package dev.ngrpo.core.model;

import dev.ngrpo.core.config.Registry;
import java.util.List;

/** The decoder families by Hugging Face {@code model_type}: {@code llama} and {@code qwen2}. */
public final class Architectures {
  private static final Registry<Architecture> REGISTRY = Registry.<Architecture>of("model_type")
      .add("llama", new LlamaArchitecture())
      .add("qwen2", new Qwen2Architecture())
      .build();

  private Architectures() {}

  /**
   * The family of {@code modelType}.
   *
   * @throws IllegalArgumentException for an unknown type, listing the known ones
   */
  public static Architecture of(String modelType) {
    return REGISTRY.get(modelType);
  }

  /** True when {@code modelType} names a registered family. */
  public static boolean contains(String modelType) {
    return REGISTRY.contains(modelType);
  }

  /** The registered {@code model_type} names, in registration order. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}
