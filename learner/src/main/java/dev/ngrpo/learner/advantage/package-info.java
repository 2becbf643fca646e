/**
 * Advantage estimators (docs/algorithm.md section 1): one scalar per response from its group's
 * rewards, plain Java on {@code float[]}. Imports only {@code core.config}; no tensors.
 */
package dev.ngrpo.learner.advantage;
