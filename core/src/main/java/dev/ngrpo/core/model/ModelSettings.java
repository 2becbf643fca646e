package dev.ngrpo.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.ngrpo.core.config.Settings;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.tokenizer.ChatTemplates;
import dev.ngrpo.core.tokenizer.Tokenizers;
import java.util.List;

/**
 * The {@code ngrpo.model} section: where the starting policy comes from, how prompts are
 * templated, and how models are saved. Read once, validated, immutable.
 *
 * @param path Hugging Face model folder (path or Hadoop URI), or "" for a fresh model
 * @param tokenizer tokenizer of a fresh model, a name of {@link Tokenizers#fresh}
 * @param chatTemplate a name of {@link ChatTemplates}; {@value ChatTemplates#MODEL} only with a
 *     folder
 * @param systemPrompt system message for the chat template, "" for none
 * @param init architecture and seed of a fresh model
 * @param saveDtype F32 or BF16
 * @param maxShardBytes largest saved shard, {@code Long.MAX_VALUE} for one file
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param lora low-rank adapters to train instead of every parameter ({@link LoraSettings#OFF})
 * @param frozenDtype the element type of the weight matrices of models only run forward:
 *     executors' rollout copies and the learner's KL reference ({@link FrozenDtype})
 */
public record ModelSettings(String path, String tokenizer, String chatTemplate,
    String systemPrompt, Init init, DType saveDtype, long maxShardBytes, String device,
    LoraSettings lora, FrozenDtype frozenDtype) {

  /**
   * Architecture of a fresh model.
   *
   * @param hiddenSize hidden_size
   * @param intermediateSize intermediate_size
   * @param layers num_hidden_layers
   * @param heads num_attention_heads
   * @param kvHeads num_key_value_heads
   * @param maxPositions max_position_embeddings
   * @param tieEmbeddings tie_word_embeddings
   * @param ropeTheta rope_theta
   * @param seed initialization seed
   */
  public record Init(int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads,
      int maxPositions, boolean tieEmbeddings, double ropeTheta, long seed) {}

  /** Reads and validates {@code ngrpo.model}. */
  public static ModelSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.model");
    Settings i = s.section("init");
    int hidden = i.intIn("hidden-size", 1, ModelConfig.MAX_WIDTH);
    int heads = i.intIn("heads", 1, ModelConfig.MAX_HEADS);
    if (hidden % heads != 0) {
      throw i.bad("heads", "must divide hidden-size = " + hidden + ", got " + heads);
    }
    if ((hidden / heads) % 2 != 0) {
      throw i.bad("heads", "hidden-size / heads must be even for rotary embeddings, got "
          + hidden + " / " + heads);
    }
    int kvHeads = i.intIn("kv-heads", 1, ModelConfig.MAX_HEADS);
    if (heads % kvHeads != 0) {
      throw i.bad("kv-heads", "must divide heads = " + heads + ", got " + kvHeads);
    }
    Init init = new Init(hidden, i.intIn("intermediate-size", 1, ModelConfig.MAX_WIDTH),
        i.intIn("layers", 1, ModelConfig.MAX_LAYERS), heads, kvHeads, i.intIn("max-positions", 2, 1 << 20), i.bool("tie-embeddings"),
        i.doubleAbove("rope-theta", 0), i.longValue("seed"));
    try {
      // the sizes together (each weight within one Java array) are ModelConfig's checks
      config(init, 1, -1);
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue("ngrpo.model.init", e.getMessage());
    }
    String dtype = s.oneOf("save-dtype", List.of("f32", "bf16"));
    int shardMb = s.nonNegativeInt("max-shard-mb");
    String path = s.string("path").trim();
    String chatTemplate = s.oneOf("chat-template", ChatTemplates.names());
    if (path.isEmpty() && chatTemplate.equals(ChatTemplates.MODEL)) {
      throw s.bad("chat-template", "'" + ChatTemplates.MODEL + "' renders the model folder's own"
          + " template, and a fresh model (path = \"\") has none: use '" + ChatTemplates.PLAIN
          + "' or '" + ChatTemplates.CHATML + "'");
    }
    return new ModelSettings(path, s.oneOf("tokenizer", Tokenizers.freshNames()), chatTemplate,
        s.string("system-prompt"), init,
        dtype.equals("bf16") ? DType.BF16 : DType.F32,
        shardMb == 0 ? Long.MAX_VALUE : shardMb * 1024L * 1024L,
        s.oneOf("device", List.of("auto", "cpu", "gpu")), lora(s.section("lora")),
        FrozenDtype.of(s.oneOf("frozen-dtype", FrozenDtype.NAMES)));
  }

  /** Reads {@code ngrpo.model.lora}. */
  private static LoraSettings lora(Settings l) {
    int rank = l.nonNegativeInt("rank");
    // a whole number, as PEFT's lora_alpha
    int alpha = l.intIn("alpha", 1, 1 << 16);
    List<String> modules = l.strings("target-modules");
    if (modules.isEmpty()) {
      throw l.bad("target-modules", "is empty; name at least one projection (rank = 0 turns"
          + " LoRA off)");
    }
    for (String m : modules) {
      if (!LoraSettings.MODULES.contains(m)) {
        throw l.bad("target-modules", "unknown projection '" + m + "'; known: "
            + String.join(", ", LoraSettings.MODULES));
      }
    }
    double dropout = l.doubleIn("dropout", 0, 1);
    // PEFT's lora_dropout: a probability of dropping, so 1 (nothing kept) is out
    if (dropout == 1) {
      throw l.bad("dropout", "must be in [0, 1), got " + dropout);
    }
    return rank == 0 ? LoraSettings.OFF : new LoraSettings(rank, alpha, modules, dropout);
  }

  /** True when the run starts from a fresh model rather than a folder. */
  public boolean fresh() {
    return path.isEmpty();
  }

  /** The config of a fresh model for a tokenizer of {@code vocabSize} ids ending on {@code eosId}. */
  public ModelConfig freshConfig(int vocabSize, int eosId) {
    return config(init, vocabSize, eosId);
  }

  private static ModelConfig config(Init init, int vocabSize, int eosId) {
    return new ModelConfig("llama", vocabSize, init.hiddenSize(), init.intermediateSize(),
        init.layers(), init.heads(), init.kvHeads(), init.hiddenSize() / init.heads(), 1e-6,
        init.ropeTheta(), init.maxPositions(), init.tieEmbeddings(), false, -1, eosId);
  }

  /**
   * The driver-side device this section asks for: the GPU Spark assigned the driver when there
   * is one ({@code spark.driver.resource.gpu.amount}; {@link GpuAssignment}), so two drivers on
   * one node never share a GPU; else GPU 0 when the engine sees a GPU and the device is {@code
   * auto} or {@code gpu}; else the CPU.
   *
   * @param assignedGpus the driver's {@code gpu} resource addresses (empty when none)
   */
  public Device driverDevice(List<String> assignedGpus) {
    return driverDevice(device, assignedGpus, Engine.getInstance().getGpuCount());
  }

  /** {@link #driverDevice(List)} for an engine that sees {@code visibleGpus} GPUs. */
  static Device driverDevice(String device, List<String> assignedGpus, int visibleGpus) {
    if (device.equals("cpu")) {
      return Device.cpu();
    }
    if (!assignedGpus.isEmpty()) {
      return GpuAssignment.device(assignedGpus, "the driver", visibleGpus);
    }
    if (visibleGpus > 0) {
      return Device.gpu(0);
    }
    if (device.equals("gpu")) {
      throw new IllegalStateException("ngrpo.model.device = gpu but the PyTorch engine sees"
          + " no GPU (is a CUDA libtorch on PYTORCH_LIBRARY_PATH? see deploy/README.md)");
    }
    return Device.cpu();
  }
}
