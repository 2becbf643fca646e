package dev.ngrpo.orchestrator.train;

import ai.djl.Device;
import com.typesafe.config.ConfigException;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.safetensors.ModelFiles;
import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.PeftAdapter;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.WeightLoader;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.SafetensorsFolder;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import dev.ngrpo.core.safetensors.SafetensorsWriter;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.learner.config.CriticConfig;
import dev.ngrpo.learner.critic.ValueModel;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * PPO's critic as a folder: Hugging Face layout ({@code config.json}, {@code model.safetensors}
 * or its shards) with the head's {@code score.weight} and {@code score.bias} among the tensors,
 * the names of {@code AutoModelForTokenClassification} with one label. A checkpoint holds one
 * ({@code critic/}); {@code ngrpo.critic.path} may name one, or a plain causal-LM folder, whose
 * critic then starts with a fresh head. A LoRA critic (one of a LoRA policy) is saved as its
 * adapters in PEFT's layout over the checkpoint's {@code model/} and its head in
 * {@value #HEAD}.
 */
final class CriticFolder {
  private CriticFolder() {}

  private static final String PATH_KEY = CriticConfig.PATH + ".path";

  /** The head of a LoRA critic, beside its adapters. */
  static final String HEAD = "value_head.safetensors";

  /**
   * Writes {@code critic} (F32) into {@code files}: a full folder, or for a LoRA critic its
   * adapters in PEFT's layout (over {@code baseModel}, a path relative to {@code files}) and
   * its head in {@link #HEAD}.
   */
  static void save(ValueModel critic, ModelFiles files, String baseModel) throws IOException {
    if (critic.trunk().adapters().isEmpty()) {
      files.write(ModelFolder.CONFIG, critic.trunk().config().toJsonBytes());
      SafetensorsFolder.write(files, critic.toHostTensors(), Map.of(), DType.F32);
    } else {
      PeftAdapter.save(critic.trunk().adapters(), baseModel, files);
      try (OutputStream out = files.create(HEAD)) {
        SafetensorsWriter.write(out, critic.headTensors(), Map.of(), DType.F32);
      }
    }
  }

  /** Whether {@code files} holds a critic {@link #save} wrote. */
  static boolean exists(ModelFiles files) throws IOException {
    return files.exists(ModelFolder.CONFIG) || PeftAdapter.exists(files);
  }

  /**
   * The critic {@link #save} wrote: a full one on {@code device}, or a LoRA one as a view of
   * {@code base}, the policy's frozen model (it must outlive the critic).
   */
  static ValueModel load(ModelFiles files, PolicyModel base, CriticConfig config, long seed)
      throws IOException {
    if (!PeftAdapter.exists(files)) {
      return load(files, base.device(), base.config(), config, seed);
    }
    PeftAdapter.Loaded a = PeftAdapter.load(files);
    Map<String, HostTensor> head;
    try (InputStream in = files.open(HEAD)) {
      head = SafetensorsReader.read(in, files.location(HEAD)).tensors();
    }
    return ValueModel.of(base.withoutAdapters().adaptedView(a.settings(), a.tensors(),
        files.location(PeftAdapter.WEIGHTS), null), head, config.headInitStd(), seed,
        files.location(HEAD));
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

  /**
   * Fails naming {@code ngrpo.critic.path} when a PPO run names a folder that does not exist
   * or has no {@code config.json} (a LoRA critic's folder, adapters over its checkpoint's
   * model, is not one: a critic starts from a full folder), before Spark starts.
   */
  static void check(RunConfig config, Configuration hadoop) {
    String path = config.learner().critic().path();
    if (!config.learner().usesCritic() || path.isEmpty()) {
      return;
    }
    try {
      HadoopModelFiles files = HadoopModelFiles.at(path, hadoop);
      if (!files.fileSystem().exists(files.dir())) {
        throw new ConfigException.BadValue(PATH_KEY, "'" + path + "' does not exist");
      }
      if (!files.exists(ModelFolder.CONFIG)) {
        throw new ConfigException.BadValue(PATH_KEY, "'" + path + "' has no "
            + ModelFolder.CONFIG + ": a critic starts from a Hugging Face model folder (a LoRA"
            + " critic's adapters alone are not one)");
      }
    } catch (IOException e) {
      throw new ConfigException.BadValue(PATH_KEY, "cannot read '" + path + "': "
          + e.getMessage(), e);
    }
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
