/**
 * Built-in tasks generated in code (the arithmetic task), split into train and held-out
 * problems on the driver; each task is checked on executors by the verifier of the same name.
 * May import core; not Spark.
 */
package dev.ngrpo.orchestrator.task;
