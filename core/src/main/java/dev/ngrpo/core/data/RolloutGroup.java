package dev.ngrpo.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The G scored responses to one prompt, as returned by a rollout worker. A group is the unit
 * of NGRPO's advantage statistics and is never split across steps.
 *
 * <p>Row {@code i} of every array describes response {@code i}: its token ids (the stop token
 * included when one was sampled), the sampler's log-probability of each of those tokens (of the
 * temperature-scaled distribution, before top-p/top-k truncation), its reward, and whether it
 * was cut at the length limit.
 *
 * @param promptId the prompt's identifier
 * @param promptIndex the prompt's dataset index
 * @param taskName the task whose verifier gave the rewards
 * @param promptTokens the prompt token ids the responses continue
 * @param weightsVersion the policy version that generated the responses
 * @param responseTokens {@code [G][len_i]} response token ids
 * @param samplerLogProbs {@code [G][len_i]} sampler log-probabilities of those tokens
 * @param rewards {@code [G]} the verifier's scores in {@code [0, 1]}, {@link #FULL_SCORE} for a
 *     correct response; the learner scales them by its r_max
 * @param truncated {@code [G]} true where a response hit the max-new-tokens limit
 * @param generationNanos wall time spent generating this group (its share of the batch)
 * @param verificationNanos wall time spent verifying this group
 * @param grading responses the verifier rejected (scored 0) and those it could not grade
 *     (their group sits out the update)
 */
public record RolloutGroup(
    String promptId,
    long promptIndex,
    String taskName,
    int[] promptTokens,
    long weightsVersion,
    int[][] responseTokens,
    float[][] samplerLogProbs,
    float[] rewards,
    boolean[] truncated,
    long generationNanos,
    long verificationNanos,
    Grading grading) {

  /** The score of a correct response. */
  public static final float FULL_SCORE = 1f;

  public RolloutGroup {
    Objects.requireNonNull(promptId, "promptId");
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(promptTokens, "promptTokens");
    Objects.requireNonNull(grading, "grading");
    int g = rewards.length;
    if (g == 0) {
      throw new IllegalArgumentException("group " + promptId + " has no responses");
    }
    if (responseTokens.length != g || samplerLogProbs.length != g || truncated.length != g) {
      throw new IllegalArgumentException("group " + promptId + ": arrays disagree on G: tokens "
          + responseTokens.length + ", log-probs " + samplerLogProbs.length + ", rewards " + g
          + ", truncated " + truncated.length);
    }
    for (int i = 0; i < g; i++) {
      if (responseTokens[i].length != samplerLogProbs[i].length) {
        throw new IllegalArgumentException("group " + promptId + " response " + i + ": "
            + responseTokens[i].length + " tokens but " + samplerLogProbs[i].length + " log-probs");
      }
    }
  }

  /** Number of responses G. */
  public int groupSize() {
    return rewards.length;
  }

  /** Length in tokens of response {@code i}. */
  public int responseLength(int i) {
    return responseTokens[i].length;
  }

  /** Total response tokens of the group. */
  public long responseTokenCount() {
    long n = 0;
    for (int[] r : responseTokens) {
      n += r.length;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RolloutGroup r
        && sameSamples(r)
        && generationNanos == r.generationNanos
        && verificationNanos == r.verificationNanos
        && grading.equals(r.grading)
        && taskName.equals(r.taskName);
  }

  /**
   * Equality of what was sampled and scored, ignoring timings: a retried Spark task must
   * produce a group that is {@code sameSamples} as the first attempt's.
   */
  public boolean sameSamples(RolloutGroup r) {
    return promptIndex == r.promptIndex
        && weightsVersion == r.weightsVersion
        && promptId.equals(r.promptId)
        && Arrays.equals(promptTokens, r.promptTokens)
        && Arrays.deepEquals(responseTokens, r.responseTokens)
        && Arrays.deepEquals(samplerLogProbs, r.samplerLogProbs)
        && Arrays.equals(rewards, r.rewards)
        && Arrays.equals(truncated, r.truncated);
  }

  @Override
  public int hashCode() {
    return Objects.hash(promptId, promptIndex, weightsVersion, Arrays.hashCode(rewards));
  }

  @Override
  public String toString() {
    return "RolloutGroup[" + promptId + " #" + promptIndex + " v" + weightsVersion
        + " rewards=" + Arrays.toString(rewards) + "]";
  }
}
