package dev.ngrpo.core.model;

import ai.djl.Device;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.LocalModelFiles;
import dev.ngrpo.core.safetensors.MappedSafetensors;
import dev.ngrpo.core.safetensors.ModelFiles;
import dev.ngrpo.core.safetensors.SafetensorsFolder;
import dev.ngrpo.core.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A model in the Hugging Face layout: {@code config.json}, {@code model.safetensors} (or shards
 * with {@code model.safetensors.index.json}) and the tokenizer's files. What is saved here opens
 * in {@code transformers}; Llama/Qwen2 checkpoints from there open here.
 */
public final class ModelFolder {
  public static final String CONFIG = "config.json";

  private ModelFolder() {}

  /**
   * Writes {@code model} (and {@code tokenizer}, when not null) into {@code files}.
   *
   * @param dtype {@link DType#F32} or {@link DType#BF16}
   * @param maxShardBytes largest shard in bytes; {@code Long.MAX_VALUE} for one file
   */
  public static void save(PolicyModel model, Tokenizer tokenizer, ModelFiles files, DType dtype,
      long maxShardBytes) throws IOException {
    if (dtype == DType.F16) {
      throw new IllegalArgumentException("models are saved as F32 or BF16, not F16");
    }
    files.write(CONFIG, model.config().toJsonBytes());
    // one parameter at a time from the device: a 0.5B model's host copy would be 2 GB of heap
    SafetensorsFolder.write(files, model.shapes(), model::values, Map.of("format", "pt"), dtype,
        maxShardBytes);
    if (tokenizer != null) {
      tokenizer.save(files);
    }
  }

  /** Reads {@code config.json}, failing with its location when it is absent or invalid. */
  public static ModelConfig readConfig(ModelFiles files) throws IOException {
    if (!files.exists(CONFIG)) {
      throw new IllegalArgumentException("no " + CONFIG + " at " + files.location(CONFIG)
          + ": not a Hugging Face model folder");
    }
    String json = new String(files.readAllBytes(CONFIG), StandardCharsets.UTF_8);
    return ModelConfig.fromJson(json, files.location(CONFIG));
  }

  /**
   * Loads config and weights onto {@code device}. A missing, extra or mis-shaped tensor, a
   * truncated or corrupt file fails with a message naming it.
   */
  public static PolicyModel load(ModelFiles files, Device device) throws IOException {
    ModelConfig config = readConfig(files);
    // tensor by tensor: a 0.5B model's float32 copy on the heap would be 2 GB
    return WeightLoader.fromTensorStream(config, device, files.toString(),
        sink -> SafetensorsFolder.read(files, sink));
  }

  /**
   * Loads a local folder for inference with its weights mapped into memory
   * ({@link MappedSafetensors}): on the CPU each parameter is a view of its file, so the build
   * copies nothing, and the JVMs of one host that load the same folder share its pages. The
   * mapping is released when the model is closed. The model must not be trained (its parameters
   * are read-only memory on the CPU). F16 and BF16 tensors are widened to float32 on the host
   * and copied, not viewed (the engine has no BF16 tensors: {@link TensorTypes}); a weights file
   * too large to map ({@link MappedSafetensors#MAX_FILE_BYTES}) is read as {@link #load} does
   * instead.
   */
  public static PolicyModel loadMapped(LocalModelFiles files, Device device) throws IOException {
    if (!MappedSafetensors.fits(files)) {
      return load(files, device);
    }
    ModelConfig config = readConfig(files);
    MappedSafetensors weights = MappedSafetensors.open(files);
    return WeightLoader.fromRawTensors(config, weights.tensors(), device, files.toString(),
        weights::close);
  }

  /** {@link #load} for callers that cannot handle checked exceptions. */
  public static PolicyModel loadUnchecked(ModelFiles files, Device device) {
    try {
      return load(files, device);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load model from " + files + ": " + e.getMessage(), e);
    }
  }
}
