package dev.ngrpo.orchestrator.train;

import ai.djl.Device;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.safetensors.ModelFiles;
import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.WeightLoader;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.SafetensorsFolder;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.learner.config.CriticConfig;
import dev.ngrpo.learner.critic.ValueModel;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * PPO's critic as a folder: Hugging Face layout ({@code config.json}, {@code model.safetensors}
 * or its shards) with the head's {@code score.weight} and {@code score.bias} among the tensors,
 * the names of {@code AutoModelForTokenClassification} with one label. A checkpoint holds one
 * ({@code critic/}); {@code ngrpo.critic.path} may name one, or a plain causal-LM folder, whose
 * critic then starts with a fresh head.
 */
final class CriticFolder {
  private CriticFolder() {}

  /** Writes {@code critic} (F32) into {@code files}. */
  static void save(ValueModel critic, ModelFiles files) throws IOException {
    files.write(ModelFolder.CONFIG, critic.trunk().config().toJsonBytes());
    SafetensorsFolder.write(files, critic.toHostTensors(), Map.of(), DType.F32);
  }

  /**
   * The critic in {@code files} on {@code device}: its head when the folder has one, else a
   * fresh one ({@code ngrpo.critic.head-init-std}, seeded by {@code seed}).
   *
   * @param policy the policy's shape, whose vocabulary the critic must share
   * @throws IllegalArgumentException naming the folder when its vocabulary differs
   */
  static ValueModel load(ModelFiles files, Device device, ModelConfig policy,
      CriticConfig config, long seed) throws IOException {
    ModelConfig shape = ModelFolder.readConfig(files);
    String source = files.location(ModelFolder.CONFIG).replaceAll("/config\\.json$", "");
    if (shape.vocabSize() != policy.vocabSize()) {
      throw new IllegalArgumentException("critic folder " + source + " has vocab_size "
          + shape.vocabSize() + " but the policy has " + policy.vocabSize()
          + ": a critic reads the policy's tokens, so it needs the same tokenizer");
    }
    Map<String, HostTensor> tensors = SafetensorsFolder.read(files).tensors();
    return ValueModel.of(WeightLoader.fromHostTensors(shape, ValueModel.trunkOf(tensors), device,
        source), tensors, config.headInitStd(), seed, source);
  }

  /** {@link #load} of the folder {@code ngrpo.critic.path} names. */
  static ValueModel load(String uri, Configuration hadoop, Device device, ModelConfig policy,
      CriticConfig config, long seed) throws IOException {
    HadoopModelFiles files = HadoopModelFiles.at(uri, hadoop);
    if (!files.exists(ModelFolder.CONFIG)) {
      throw new IllegalArgumentException("ngrpo.critic.path = " + uri + ": no "
          + ModelFolder.CONFIG + " there (a critic starts from a Hugging Face model folder)");
    }
    return load(files, device, policy, config, seed);
  }
}
