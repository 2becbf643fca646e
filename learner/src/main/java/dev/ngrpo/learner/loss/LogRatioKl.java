package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.ngrpo.learner.tensor.Scoped;

/** {@code k1 = logp_theta - logp_ref}: unbiased, high variance, can be negative per token. */
final class LogRatioKl implements KlEstimator {

  @Override
  public NDArray perToken(NDArray logProbs, NDArray refLogProbs) {
    return Scoped.result(() -> logProbs.sub(refLogProbs));
  }

  @Override
  public String name() {
    return "k1";
  }
}
