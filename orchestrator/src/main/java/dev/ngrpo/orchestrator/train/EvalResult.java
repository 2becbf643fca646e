package dev.ngrpo.orchestrator.train;

import java.util.Map;

/**
 * One evaluation on the held-out split.
 *
 * @param label when it ran: "before", "step 10", "after"
 * @param step training steps done when it ran
 * @param prompts problems evaluated: every sample graded
 * @param ungraded problems left out because the verifier could not grade one of their samples
 *     (it threw or timed out): a failure is no wrong answer
 * @param samples samples per problem (n)
 * @param accuracy fraction of the evaluated samples with a full score (1)
 * @param meanReward mean score of the evaluated samples in [0, 1] (the reward at r_max 1)
 * @param passAtK unbiased pass@k by k
 * @param seconds wall time
 */
public record EvalResult(String label, long step, int prompts, int ungraded, int samples,
    double accuracy,
    double meanReward, Map<Integer, Double> passAtK, double seconds) {}
