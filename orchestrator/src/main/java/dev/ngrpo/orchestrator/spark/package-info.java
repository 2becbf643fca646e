/**
 * Spark glue: the session (Kryo, loopback, local-cluster), the rollout stage as a
 * mapPartitions job, Hadoop configuration for executors. The only product package that starts
 * Spark jobs.
 */
package dev.ngrpo.orchestrator.spark;
