/**
 * What a rollout task runs on an executor: the per-JVM policy cache, seeded batched group
 * generation and verification of one partition, and the job that travels in the closure. May
 * import core and the verifiers; never Spark, the learner or the driver modules.
 */
package dev.ngrpo.rollout.worker;
