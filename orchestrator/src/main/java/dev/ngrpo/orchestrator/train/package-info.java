/**
 * The training run: opening it (fresh or from a checkpoint), the loop of named steps, the
 * warm start, evaluation and checkpoints. May import every product module and Spark through
 * the spark package.
 */
package dev.ngrpo.orchestrator.train;
