package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.learner.reward.OverlongShaping;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.data.PromptSet;
import dev.ngrpo.rollout.verify.AnswerFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a correct response fits the response limit, checked on the training prompts before
 * a run starts. The shortest correct response to a prompt is taken to be its reference answer
 * as the warm start teaches it ({@link SupervisedWarmStart#target}: the answer in the
 * verifier's format, then the end-of-sequence token), n tokens long. With L =
 * {@code ngrpo.rollout.max-new-tokens}:
 *
 * <ul>
 *   <li>n - 1 &gt; L: no correct answer can be written; the prompt can never be rewarded;</li>
 *   <li>with DAPO's overlong shaping (buffer L_buf), min(n, L) &gt; L - L_buf: even the
 *       shortest correct response loses {@link OverlongShaping#penalty} of its reward, up to
 *       all of it at n &ge; L.</li>
 * </ul>
 *
 * <p>Both are warnings, not errors: a model may write an answer in fewer tokens than the
 * reference (another tokenization, a shorter equal form), and a run may be meant to measure
 * the penalty. They exist because neither shows in a run's metrics as anything but a method
 * that learns badly: four-digit addition at L = 6 has correct five-digit answers that DAPO's
 * one-token buffer scores 0 (docs/results.md).
 */
final class ResponseRoom {
  private ResponseRoom() {}

  /** The warnings for {@code config}'s training prompts; empty when every answer fits. */
  static List<String> warnings(RunConfig config, PromptSet train, Tokenizer tokenizer) {
    int maxNewTokens = config.rollout().maxNewTokens();
    return warnings(train, tokenizer, config.verifier().format(), maxNewTokens,
        config.learner().algorithm().overlongShaping(maxNewTokens),
        config.learner().algorithm().preset());
  }

  /**
   * The warnings for {@code train}.
   *
   * @param shaping DAPO's overlong shaping at {@code maxNewTokens}, null when off
   * @param preset the learner's preset, named in the overlong warning
   */
  static List<String> warnings(PromptSet train, Tokenizer tokenizer, AnswerFormat format,
      int maxNewTokens, OverlongShaping shaping, String preset) {
    Longest unwritable = new Longest();
    Longest penalized = new Longest();
    for (PromptTask task : train.tasks()) {
      int n = SupervisedWarmStart.target(task.referenceAnswer(), format, tokenizer).length;
      if (n - 1 > maxNewTokens) {
        unwritable.add(task, n);
      } else if (shaping != null && shaping.penalty(Math.min(n, maxNewTokens)) < 0) {
        penalized.add(task, n);
      }
    }
    List<String> warnings = new ArrayList<>();
    if (unwritable.count > 0) {
      warnings.add(String.format("%d of %d training prompts have a reference answer longer than"
          + " ngrpo.rollout.max-new-tokens = %d tokens in the verifier's format (%s): no correct"
          + " response to them can be written, so they are never rewarded; raise"
          + " ngrpo.rollout.max-new-tokens", unwritable.count, train.size(), maxNewTokens,
          unwritable.describe(format, false)));
    }
    if (penalized.count > 0) {
      // the penalty grows with the length: the longest answer loses the most
      double worstPenalty = shaping.penalty(Math.min(penalized.tokens, maxNewTokens));
      warnings.add(String.format("DAPO's overlong shaping (preset %s: overlong.enabled, a buffer"
          + " of %d of the ngrpo.rollout.max-new-tokens = %d tokens) takes up to %.2f from the"
          + " reward of a correct response to %d of %d training prompts, whose shortest correct"
          + " response reaches into the buffer (%s); raise ngrpo.rollout.max-new-tokens or set"
          + " overlong.enabled = false", preset, shaping.bufferLength(), maxNewTokens,
          -worstPenalty, penalized.count, train.size(),
          penalized.describe(format, true)));
    }
    return warnings;
  }

  /**
   * A count of prompts and the one with the longest answer among them ({@code tokens}, its
   * warm-start target's length with the end of sequence).
   */
  private static final class Longest {
    private int count;
    private PromptTask longest;
    private int tokens;

    void add(PromptTask task, int n) {
      count++;
      if (n > tokens) {
        longest = task;
        tokens = n;
      }
    }

    /** The longest answer, counted with its end of sequence when {@code withEnd}. */
    String describe(AnswerFormat format, boolean withEnd) {
      return String.format("the longest, prompt %s: '%s', %d tokens%s", longest.promptId(),
          format.render(longest.referenceAnswer()), withEnd ? tokens : tokens - 1,
          withEnd ? " with the end of sequence" : "");
    }
  }
}
