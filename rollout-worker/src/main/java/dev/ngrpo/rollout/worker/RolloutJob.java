package dev.ngrpo.rollout.worker;

import dev.ngrpo.core.model.FrozenDtype;
import dev.ngrpo.core.tokenizer.TokenizerFiles;
import dev.ngrpo.rollout.verify.VerifierSettings;
import java.io.Serializable;

/**
 * Everything a rollout task needs besides its prompts and the weights: what travels in the
 * Spark closure of one step's rollout stage (small; the weights go by broadcast).
 *
 * @param runId identifies the run, unique per training run: executors cache policies by (run,
 *     version)
 * @param runSeed the run's seed
 * @param step the training step (0-based); seeds derive from it
 * @param rollout sampling settings
 * @param stopIds tokens ending a response
 * @param verifier the reward function's settings
 * @param tokenizer the tokenizer's files, to decode responses for the verifier
 * @param frozen the element type of the executors' weight matrices, resolved on each task's
 *     device ({@code ngrpo.model.frozen-dtype})
 */
public record RolloutJob(String runId, long runSeed, long step, RolloutSettings rollout,
    int[] stopIds, VerifierSettings verifier, TokenizerFiles tokenizer, FrozenDtype frozen)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The same job at another step. */
  public RolloutJob at(long newStep) {
    return new RolloutJob(runId, runSeed, newStep, rollout, stopIds, verifier, tokenizer,
        frozen);
  }

  /** The same job with other sampling settings (evaluation samples differently). */
  public RolloutJob with(RolloutSettings settings) {
    return new RolloutJob(runId, runSeed, step, settings, stopIds, verifier, tokenizer, frozen);
  }
}
