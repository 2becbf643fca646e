package dev.ngrpo.orchestrator.train;

import java.util.Map;

/**
 * One evaluation on the held-out split.
 *
 * @param label when it ran: "before", "step 10", "after"
 * @param step training steps done when it ran
 * @param prompts problems evaluated
 * @param samples samples per problem (n)
 * @param accuracy fraction of all samples whose reward equals r_max
 * @param meanReward mean reward of all samples
 * @param passAtK unbiased pass@k by k
 * @param seconds wall time
 */
public record EvalResult(String label, long step, int prompts, int samples, double accuracy,
    double meanReward, Map<Integer, Double> passAtK, double seconds) {}
