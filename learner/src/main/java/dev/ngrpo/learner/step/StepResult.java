package dev.ngrpo.learner.step;

import dev.ngrpo.core.data.StepMetrics;

/**
 * What a learner step did. The new weights are the policy model's own parameters, updated in
 * place; the caller publishes them.
 *
 * @param metrics the step's figures (names in {@link dev.ngrpo.core.data.MetricNames})
 * @param trainedGroups groups trained on after filtering
 * @param updatesApplied optimizer updates applied
 * @param updatesSkipped updates skipped for a non-finite loss or gradient norm
 */
public record StepResult(StepMetrics metrics, int trainedGroups, int updatesApplied,
    int updatesSkipped) {}
