package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;

/**
 * Per-token results of {@link TokenScorer#score}, aligned with the responses: element
 * {@code (i, j)} describes response token {@code j} of row {@code i}. The arrays belong to the
 * caller's scope and die with it; never keep them past that scope.
 *
 * @param logProbs {@code (B, R)} float32 log-probability of each response token (0 past a row's end)
 * @param entropy {@code (B, R)} float32 entropy of the predictive distribution, or null when not asked
 * @param mask {@code (B, R)} float32, 1 for a real response token and 0 for padding
 */
public record ScoredTokens(NDArray logProbs, NDArray entropy, NDArray mask) {}
