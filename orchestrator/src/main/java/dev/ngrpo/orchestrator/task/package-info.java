/**
 * Built-in tasks generated in code (arithmetic, word problems), split into train and held-out
 * problems on the driver; on executors the verifier checks the answers: {@code arithmetic} for
 * the arithmetic task, {@code math} with {@code format = boxed} for word problems.
 * May import core; not Spark.
 */
package dev.ngrpo.orchestrator.task;
