package dev.ngrpo.learner.advantage;

/**
 * PPO's advantages (the {@code gae} estimator): generalised advantage estimation over each
 * response's tokens with a learned critic's values, which the learner computes per step
 * ({@code dev.ngrpo.learner.critic.Gae}). This entry names the choice and its needs: a critic,
 * and no group (G = 1 is enough: nothing compares a response with its siblings).
 */
final class CriticAdvantage implements AdvantageEstimator {
  @Override
  public float[] advantages(String promptId, float[] rewards) {
    throw new UnsupportedOperationException("gae advantages are per token and need the"
        + " critic's values: the learner computes them (prompt " + promptId + ")");
  }

  @Override
  public int minimumGroupSize() {
    return 1;
  }

  @Override
  public boolean needsCritic() {
    return true;
  }
}
