/**
 * The math of PPO with a learned critic (a value head, docs/algorithm.md section 1, {@code ppo}):
 * token rewards with the KL inside the reward ({@link TokenRewards}), GAE advantages and the
 * critic's returns ({@link Gae}), advantage whitening over a mini-batch ({@link Whitening}), the
 * clipped value loss ({@link ValueLoss}) and the critic's explained variance
 * ({@link ExplainedVariance}). The scalar math is plain Java on one response's {@code float[]}
 * (rows of a mini-batch are ragged {@code float[][]}); only {@link ValueLoss} is tensor code,
 * {@code (B, T) float32} in DJL. Imports DJL, {@code core} and {@code learner.tensor}.
 */
package dev.ngrpo.learner.critic;
