/**
 * The optimizer update: PyTorch-exact AdamW, global-norm clipping, learning-rate schedules and
 * the one {@link dev.ngrpo.learner.optim.OptimizerStep}. Imports DJL and {@code core}.
 */
package dev.ngrpo.learner.optim;
