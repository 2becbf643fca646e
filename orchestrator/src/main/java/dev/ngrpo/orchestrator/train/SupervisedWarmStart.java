package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.learner.step.SupervisedStep;
import dev.ngrpo.orchestrator.config.SftSettings;
import dev.ngrpo.orchestrator.data.PromptCursor;
import dev.ngrpo.orchestrator.data.PromptSet;
import dev.ngrpo.rollout.verify.AnswerFormat;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Supervised warm start: teaches the policy the task's answer format (and some answers) from
 * the reference answers, for tasks where the base model cannot score yet, so that RL has
 * rewards to learn from. Each step: a batch of training prompts, the reference answer written
 * in the verifier's answer format ({@code ngrpo.verifier.format}, {@link AnswerFormat#render}:
 * {@code \boxed{42}} for {@code boxed}, {@code 42} for {@code none}) plus the end-of-sequence
 * token as the response, trained by the learner's {@link SupervisedStep} (mean token negative
 * log-likelihood, AdamW with linear warmup, gradients clipped to norm 1). The format comes from
 * the verifier because a warm start on bare answers would teach a policy that the {@code boxed}
 * verifier scores 0 on every response: RL would start from all-wrong groups everywhere.
 */
public final class SupervisedWarmStart {
  private static final long SFT_SALT = 0x51F7L;

  private SupervisedWarmStart() {}

  /**
   * Trains {@code model} in place; reports a line every tenth of the run to {@code progress}.
   *
   * @param format the form the verifier requires of an answer, which the targets take
   * @return the mean loss of the last tenth of the steps
   */
  public static double run(PolicyModel model, Tokenizer tokenizer, PromptSet train,
      SftSettings settings, AnswerFormat format, long seed, Consumer<String> progress) {
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
            .map(t -> target(t.referenceAnswer(), format, tokenizer))
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

  /** The response taught for {@code referenceAnswer}: it in {@code format}, then end of text. */
  static int[] target(String referenceAnswer, AnswerFormat format, Tokenizer tokenizer) {
    int[] tokens = tokenizer.encode(format.render(referenceAnswer));
    int[] out = Arrays.copyOf(tokens, tokens.length + 1);
    out[tokens.length] = tokenizer.eosId();
    return out;
  }
}
