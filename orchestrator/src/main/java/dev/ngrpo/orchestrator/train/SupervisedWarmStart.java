package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.learner.step.SupervisedStep;
import java.util.List;
import dev.ngrpo.orchestrator.config.SftSettings;
import dev.ngrpo.orchestrator.data.PromptCursor;
import dev.ngrpo.orchestrator.data.PromptSet;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Supervised warm start: teaches the policy the task's answer format (and some answers) from
 * the reference answers, for tasks where the base model cannot score yet, so that RL has
 * rewards to learn from. Each step: a batch of training prompts, the reference answer plus
 * the end-of-sequence token as the response, trained by the learner's {@link SupervisedStep}
 * (mean token negative log-likelihood, AdamW with linear warmup, gradients clipped to norm 1).
 */
public final class SupervisedWarmStart {
  private static final long SFT_SALT = 0x51F7L;

  private SupervisedWarmStart() {}

  /**
   * Trains {@code model} in place; reports a line every tenth of the run to {@code progress}.
   *
   * @return the mean loss of the last tenth of the steps
   */
  public static double run(PolicyModel model, Tokenizer tokenizer, PromptSet train,
      SftSettings settings, long seed, Consumer<String> progress) {
    PromptCursor cursor = new PromptCursor(train, seed ^ SFT_SALT);
    int report = Math.max(1, settings.steps() / 10);
    double recent = 0;
    int recentCount = 0;
    long start = System.nanoTime();
    try (SupervisedStep sft = new SupervisedStep(model, new AdamW(0.9, 0.999, 1e-8, 0.0),
        update -> settings.learningRate()
            * Math.min(1.0, (update + 1.0) / Math.max(1, settings.warmupSteps())), 1.0)) {
      for (int step = 0; step < settings.steps(); step++) {
        List<PromptTask> batch = cursor.next(settings.batchSize());
        int[][] prompts = batch.stream().map(PromptTask::promptTokens).toArray(int[][]::new);
        int[][] answers = batch.stream()
            .map(t -> withEos(tokenizer.encode(t.referenceAnswer()), tokenizer.eosId()))
            .toArray(int[][]::new);
        double loss = sft.step(prompts, answers);
        if (step >= settings.steps() - report) {
          recent += loss;
          recentCount++;
        }
        if ((step + 1) % report == 0 || step + 1 == settings.steps()) {
          progress.accept(String.format("warm start %d/%d  loss %.4f  %.1fs", step + 1,
              settings.steps(), loss, (System.nanoTime() - start) / 1e9));
        }
      }
    }
    return recentCount == 0 ? Double.NaN : recent / recentCount;
  }

  private static int[] withEos(int[] tokens, int eos) {
    int[] out = Arrays.copyOf(tokens, tokens.length + 1);
    out[tokens.length] = eos;
    return out;
  }
}
