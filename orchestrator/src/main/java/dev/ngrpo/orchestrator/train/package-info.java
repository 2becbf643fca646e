/**
 * The training run: opening it (fresh or from a checkpoint), the loop of named steps, the
 * warm start, evaluation, checkpoints and the stop at a termination signal. May import every
 * product module and Spark through the spark package.
 */
package dev.ngrpo.orchestrator.train;
