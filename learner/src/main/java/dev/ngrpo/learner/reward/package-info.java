/**
 * From the verifiers' scores in [0, 1] to the rewards the estimators use: r_max and DAPO's
 * overlong shaping. Imports {@code core.data}; no tensors.
 */
package dev.ngrpo.learner.reward;
