package dev.ngrpo.learner.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.ScoredTokens;
import dev.ngrpo.core.model.TokenScorer;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.learner.optim.LearningRateSchedule;
import dev.ngrpo.learner.optim.OptimizerStep;

/**
 * Supervised fine-tuning of a policy on target answers (the warm start, {@code sft}, the model
 * benchmark): the mean negative log-likelihood per answer token at temperature 1,
 *
 * <pre>
 *   L = -sum_{b,t} mask * logp(answer_{b,t}) / sum_{b,t} mask
 * </pre>
 *
 * <p>then the same {@link OptimizerStep} as the RL update. Owns its optimizer.
 *
 * <p>No LoRA dropout here: every caller trains a plain model (the warm start runs before a
 * LoRA run adds its adapters; {@code sft} and the benchmarks train every parameter), and an
 * adapted model given here would train its adapters on whole inputs.
 */
public final class SupervisedStep implements AutoCloseable {
  /**
   * What one update did and where its time went.
   *
   * @param loss the loss before the update
   * @param forwardNanos scoring the answers and the loss
   * @param backwardNanos back-propagation
   * @param optimizerNanos clipping, AdamW and zeroing the gradients
   */
  public record Timed(double loss, long forwardNanos, long backwardNanos, long optimizerNanos) {}

  private final PolicyModel model;
  private final OptimizerStep optimizer;

  /**
   * @param model the policy to train in place (its parameters are made trainable here)
   * @param adam the optimizer, owned from now on
   * @param schedule the learning rate of each update, by the number of updates before it
   * @param gradClip the largest global gradient norm, finite and {@code > 0}
   */
  public SupervisedStep(PolicyModel model, AdamW adam, LearningRateSchedule schedule,
      double gradClip) {
    this.model = model;
    this.optimizer = new OptimizerStep(adam, schedule, gradClip);
    model.setTrainable(true);
  }

  /**
   * One update on {@code answers} after {@code prompts}.
   *
   * @param prompts {@code [B][P_b]} prompt token ids
   * @param answers {@code [B][A_b]} target token ids, each at least one
   * @return the loss before the update
   * @throws IllegalStateException when the loss or the gradient norm is not finite; the
   *     weights are left as they were
   */
  public double step(int[][] prompts, int[][] answers) {
    return timedStep(prompts, answers).loss();
  }

  /** {@link #step}, timed: the benchmark's split of an update into its phases. */
  public Timed timedStep(int[][] prompts, int[][] answers) {
    long[] nanos = new long[2];
    OptimizerStep.Update u = optimizer.update(model.trainableParameters(), collector -> {
      try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        long start = System.nanoTime();
        ScoredTokens s = TokenScorer.score(model, m, prompts, answers, 1f, false);
        NDArray nll = s.logProbs().sum().neg().div(s.mask().sum());
        float loss = nll.getFloat();
        long backwardStart = System.nanoTime();
        nanos[0] = backwardStart - start;
        if (Float.isFinite(loss)) {
          collector.backward(nll);
        }
        nanos[1] = System.nanoTime() - backwardStart;
        return loss;
      }
    });
    if (!u.applied()) {
      throw new IllegalStateException("supervised training diverged (loss " + u.loss()
          + ", gradient norm " + u.gradNorm() + "): lower the learning rate");
    }
    return new Timed(u.loss(), nanos[0], nanos[1], u.optimizerNanos());
  }

  /** Frees the optimizer state. */
  @Override
  public void close() {
    optimizer.close();
  }
}
