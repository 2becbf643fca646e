/**
 * Whole-group mini-batches of a step, with a seeded shuffle. Plain Java: imports nothing of
 * the project.
 */
package dev.ngrpo.learner.batch;
