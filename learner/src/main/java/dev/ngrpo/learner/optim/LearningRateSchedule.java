package dev.ngrpo.learner.optim;

/** The learning rate of each optimizer update, a pure function of the update's index. */
@FunctionalInterface
public interface LearningRateSchedule {

  /**
   * @param step 0-based index of the optimizer update about to be made (counting every
   *     mini-batch update of the run, as {@link AdamW#stepCount()} does before the update)
   * @return the learning rate, finite and {@code >= 0}
   */
  double learningRate(long step);
}
