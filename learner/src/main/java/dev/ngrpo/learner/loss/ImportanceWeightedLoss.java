package dev.ngrpo.learner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.ngrpo.learner.tensor.Scoped;

/**
 * The plain importance-weighted policy gradient, for ablations of clipping, per token:
 *
 * <pre>
 *   loss = -rho * A,   rho = exp(logp_theta - logp_old)
 * </pre>
 *
 * <p>Nothing is clipped, so both clip indicators are all zeros.
 */
public final class ImportanceWeightedLoss implements PolicyLoss {

  @Override
  public TokenLoss compute(NDArray logProbs, NDArray oldLogProbs, NDArray advantages) {
    NDList out = Scoped.results(() -> {
      NDArray loss = logProbs.sub(oldLogProbs).exp().mul(advantages).neg();
      return new NDList(loss, loss.zerosLike(), loss.zerosLike());
    });
    return new TokenLoss(out.get(0), out.get(1), out.get(2));
  }
}
