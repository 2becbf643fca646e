package dev.ngrpo.learner.advantage;

/**
 * Turns the outcome rewards of one group (the G responses to one prompt) into one scalar
 * advantage per response; the learner copies it to each of that response's tokens
 * (docs/algorithm.md section 1). Implementations are pure functions of their arguments and compute in
 * double precision.
 */
public interface AdvantageEstimator {

  /**
   * Advantages of the responses of one group.
   *
   * @param promptId the group's prompt, named in every error
   * @param rewards {@code [G]} rewards, G at least 1; never modified
   * @return {@code [G]} advantages, row {@code i} for response {@code i}
   * @throws IllegalArgumentException when a reward is not finite, or is above the configured
   *     maximum reward for the estimators that have one; the message names the prompt and value
   */
  float[] advantages(String promptId, float[] rewards);

  /**
   * The smallest G whose advantages compare a response with its group: 2 for the estimators
   * built on group statistics (a mean, a std, a leave-one-out baseline), which at G = 1 give 0
   * or the reward itself. A run with a smaller {@code ngrpo.rollout.group-size} is refused at
   * start-up.
   */
  default int minimumGroupSize() {
    return 2;
  }

  /**
   * True for PPO's {@code gae}, whose advantages are per token and come from a learned critic's
   * values ({@code dev.ngrpo.learner.critic.Gae}), not from the group's rewards alone: the
   * learner computes them, and {@link #advantages} has no answer.
   */
  default boolean needsCritic() {
    return false;
  }
}
