/**
 * Batched sampling from a policy: prefill, KV-cached decode steps, per-row seeded samplers.
 * Imports DJL and {@code model}; never Spark.
 */
package dev.ngrpo.core.generate;
