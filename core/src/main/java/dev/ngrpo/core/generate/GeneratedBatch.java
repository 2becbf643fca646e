package dev.ngrpo.core.generate;

import java.util.List;

/**
 * The responses of one {@link Generator} call and where its time went. Device work is timed
 * where its result reaches the host (the log-probabilities are copied each step), so the
 * figures hold on GPUs too.
 *
 * @param generations one response per prompt row
 * @param rows batch size B
 * @param promptWidth longest prompt P (the prefill pass covers {@code B x P} positions)
 * @param prefillNanos the prefill pass over the prompts, up to the first step's
 *     log-probabilities on the host
 * @param decodeSteps decoding steps after the first token (each one forward pass of B tokens)
 * @param decodeNanos those steps' forward passes, log-softmax and host copies
 * @param samplingNanos drawing tokens on the host, all steps
 */
public record GeneratedBatch(List<Generation> generations, int rows, int promptWidth,
    long prefillNanos, int decodeSteps, long decodeNanos, long samplingNanos) {}
