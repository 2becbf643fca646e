/**
 * The training steps on a policy model: the RL {@link dev.ngrpo.learner.step.Learner} and the
 * {@link dev.ngrpo.learner.step.SupervisedStep}. May import every learner package, {@code core}
 * and DJL; nothing of Spark or the rollout worker.
 */
package dev.ngrpo.learner.step;
