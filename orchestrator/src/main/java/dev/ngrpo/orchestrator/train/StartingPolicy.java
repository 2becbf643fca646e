package dev.ngrpo.orchestrator.train;

import ai.djl.Device;
import com.typesafe.config.ConfigException;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.ModelSettings;
import dev.ngrpo.core.model.PeftAdapter;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.core.tokenizer.ChatTemplate;
import dev.ngrpo.core.tokenizer.ChatTemplates;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.core.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The policy a run starts from and its tokenizer: a fresh model built from
 * {@code ngrpo.model.init} with the character tokenizer, or a Hugging Face folder.
 *
 * @param model the policy (the caller closes it)
 * @param tokenizer its tokenizer (the caller closes it)
 */
public record StartingPolicy(PolicyModel model, Tokenizer tokenizer) implements AutoCloseable {
  private static final String PATH_KEY = "ngrpo.model.path";

  /**
   * Fails naming {@code ngrpo.model.path} when it names no Hugging Face folder: a path that
   * does not exist, or a folder without {@code config.json}. Any Hadoop URI is checked through
   * its FileSystem (a remote one costs a metadata call or two); a fresh model passes.
   *
   * @throws ConfigException.BadValue naming the key and the path
   */
  public static void checkFolder(ModelSettings settings, Configuration hadoop) {
    if (settings.fresh()) {
      return;
    }
    String path = settings.path();
    try {
      HadoopModelFiles files = HadoopModelFiles.at(path, hadoop);
      if (!files.fileSystem().exists(files.dir())) {
        throw new ConfigException.BadValue(PATH_KEY, "'" + path + "' does not exist");
      }
      if (!files.exists(ModelFolder.CONFIG)) {
        throw new ConfigException.BadValue(PATH_KEY, "'" + path + "' has no "
            + ModelFolder.CONFIG + ": not a Hugging Face model folder");
      }
      Path checkpoint = files.dir().getParent();
      if (checkpoint != null && files.dir().getName().equals(TrainingCheckpoint.MODEL)
          && PeftAdapter.exists(new HadoopModelFiles(files.fileSystem(),
              new Path(checkpoint, TrainingCheckpoint.ADAPTER)))) {
        // the policy of a LoRA checkpoint is model/ plus adapter/: model/ alone is the base
        throw new ConfigException.BadValue(PATH_KEY, "'" + path + "' is the frozen model of a"
            + " LoRA checkpoint, whose adapters are in " + TrainingCheckpoint.ADAPTER + "/ beside"
            + " it: write the trained policy with bin/ngrpo export " + checkpoint + " OUT and use"
            + " OUT");
      }
    } catch (IOException e) {
      throw new ConfigException.BadValue(PATH_KEY, "cannot read '" + path + "': "
          + e.getMessage(), e);
    }
  }

  /** The tokenizer {@code settings} name, without building a model. */
  public static Tokenizer tokenizer(ModelSettings settings, Configuration hadoop) {
    if (settings.fresh()) {
      return Tokenizers.fresh(settings.tokenizer());
    }
    try {
      return Tokenizers.load(HadoopModelFiles.at(settings.path(), hadoop));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + settings.path() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The chat template {@code settings} name: {@code plain} or {@code chatml}, or the model
   * folder's own ({@code model}; ChatML when the folder has none), with the configured system
   * prompt ({@link ChatTemplates#create(String, String, dev.ngrpo.core.safetensors.ModelFiles)}).
   *
   * @throws IllegalArgumentException for a folder template that is malformed or does not render,
   *     naming its file
   */
  public static ChatTemplate chatTemplate(ModelSettings settings, Configuration hadoop) {
    try {
      return ChatTemplates.create(settings.chatTemplate(), settings.systemPrompt(),
          settings.fresh() ? null : HadoopModelFiles.at(settings.path(), hadoop));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the chat template of " + settings.path() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The architecture of the starting policy without building it or reading a weight: a fresh
   * model's over its tokenizer's vocabulary (as {@link #create} builds it), or the folder's
   * {@code config.json}.
   */
  public static ModelConfig shape(ModelSettings settings, Configuration hadoop) {
    if (settings.fresh()) {
      try (Tokenizer tokenizer = Tokenizers.fresh(settings.tokenizer())) {
        return settings.freshConfig(tokenizer.vocabSize(), tokenizer.eosId());
      }
    }
    try {
      return ModelFolder.readConfig(HadoopModelFiles.at(settings.path(), hadoop));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the config.json of " + settings.path() + ": "
          + e.getMessage(), e);
    }
  }

  /** Builds or loads the starting policy on {@code device}. */
  public static StartingPolicy create(ModelSettings settings, Device device,
      Configuration hadoop) {
    Tokenizer tokenizer = tokenizer(settings, hadoop);
    try {
      PolicyModel model = settings.fresh()
          ? PolicyModel.initialize(settings.freshConfig(tokenizer.vocabSize(), tokenizer.eosId()),
              settings.init().seed(), device)
          : ModelFolder.load(HadoopModelFiles.at(settings.path(), hadoop), device);
      return new StartingPolicy(model, tokenizer);
    } catch (IOException e) {
      tokenizer.close();
      throw new UncheckedIOException("cannot load the model " + settings.path() + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
  }
}
