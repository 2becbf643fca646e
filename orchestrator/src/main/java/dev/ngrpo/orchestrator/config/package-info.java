/**
 * The run configuration: every section read once from the merged HOCON tree and validated
 * before Spark starts, as immutable records. May import core, learner and rollout-worker
 * settings; not Spark.
 */
package dev.ngrpo.orchestrator.config;
