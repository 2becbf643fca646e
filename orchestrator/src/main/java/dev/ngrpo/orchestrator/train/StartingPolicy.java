package dev.ngrpo.orchestrator.train;

import ai.djl.Device;
import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.ModelSettings;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.core.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;

/**
 * The policy a run starts from and its tokenizer: a fresh model built from
 * {@code ngrpo.model.init} with the character tokenizer, or a Hugging Face folder.
 *
 * @param model the policy (the caller closes it)
 * @param tokenizer its tokenizer (the caller closes it)
 */
public record StartingPolicy(PolicyModel model, Tokenizer tokenizer) implements AutoCloseable {

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
