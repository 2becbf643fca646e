package dev.ngrpo.orchestrator.memory;

/**
 * The sizes a plan is computed for.
 *
 * @param parameters the policy's parameters
 * @param promptTokens the longest prompt
 * @param responseTokens the longest response
 * @param learnerRows rows of the learner's largest forward pass
 * @param learnerPass which pass that is: {@code micro-batch} or {@code warm-start batch}
 * @param rolloutRows rows one rollout task generates together
 * @param tasksPerExecutor rollout tasks an executor (or a local driver) runs at once
 */
public record PlanSizes(long parameters, int promptTokens, int responseTokens, int learnerRows,
    String learnerPass, int rolloutRows, int tasksPerExecutor) {}
