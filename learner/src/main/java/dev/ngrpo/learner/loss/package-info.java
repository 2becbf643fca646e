/**
 * Per-token losses {@code (B, T) float32} in DJL (docs/algorithm.md section 2): policy losses,
 * KL and entropy terms, and their aggregation. Imports DJL, {@code core} and
 * {@code learner.tensor}.
 */
package dev.ngrpo.learner.loss;
