/**
 * Weight transports: how each policy version reaches the executors (in-process, Spark broadcast,
 * model folders), each with its publisher. May import core, rollout-worker's handle type and
 * Spark.
 */
package dev.ngrpo.orchestrator.weights;
