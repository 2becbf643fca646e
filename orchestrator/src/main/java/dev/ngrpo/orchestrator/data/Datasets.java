package dev.ngrpo.orchestrator.data;

import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.task.Split;
import dev.ngrpo.rollout.verify.Verifier;
import dev.ngrpo.rollout.verify.Verifiers;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The run's train and held-out prompt sets, read, validated and tokenized before training.
 *
 * @param train prompts to train on
 * @param test held-out prompts (empty: no evaluation)
 */
public record Datasets(PromptSet train, PromptSet test) {
  /** Loads both splits from the configuration. */
  public static Datasets load(RunConfig config, PromptEncoder encoder, int maxPromptTokens,
      SparkSession spark) {
    DataSettings data = config.data();
    Verifier references = Verifiers.create(config.verifier());
    PromptSet train = data.format() == DataSettings.Format.BUILTIN
        ? PromptSources.builtin(config.task(), Split.TRAIN, encoder, maxPromptTokens, data)
        : PromptSources.files(data.path(), data, encoder, maxPromptTokens, spark,
            references);
    PromptSet test;
    if (!config.eval().path().isEmpty()) {
      test = PromptSources.files(config.eval().path(), data, encoder, maxPromptTokens, spark,
          references);
    } else if (data.format() == DataSettings.Format.BUILTIN && config.task().testSize() > 0) {
      test = PromptSources.builtin(config.task(), Split.TEST, encoder, maxPromptTokens, data);
    } else {
      test = new PromptSet("none", List.of());
    }
    return new Datasets(train, test);
  }
}
