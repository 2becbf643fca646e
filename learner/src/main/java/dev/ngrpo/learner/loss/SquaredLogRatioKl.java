package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.core.model.Scalars;
import dev.ngrpo.learner.tensor.Scoped;

/** {@code k2 = 0.5 * (logp_theta - logp_ref)^2}: biased, low variance, never negative. */
final class SquaredLogRatioKl implements KlEstimator {

  @Override
  public NDArray perToken(NDArray logProbs, NDArray refLogProbs) {
    return Scoped.result(() -> logProbs.sub(refLogProbs).square().mul(Scalars.of(logProbs, 0.5f)));
  }

  @Override
  public String name() {
    return "k2";
  }
}
