package dev.ngrpo.orchestrator.train;

import java.util.Map;

/**
 * One evaluation on the held-out split.
 *
 * @param label when it ran: "before", "step 10", "after"
 * @param step training steps done when it ran
 * @param prompts problems evaluated
 * @param samples samples per problem (n)
 * @param accuracy fraction of all samples with a full score (1)
 * @param meanReward mean score of all samples in [0, 1] (the reward at r_max 1)
 * @param passAtK unbiased pass@k by k
 * @param seconds wall time
 */
public record EvalResult(String label, long step, int prompts, int samples, double accuracy,
    double meanReward, Map<Integer, Double> passAtK, double seconds) {}
