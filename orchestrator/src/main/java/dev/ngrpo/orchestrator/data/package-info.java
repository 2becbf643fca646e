/**
 * Driver-side data: the dataset formats (JSONL, verl Parquet) and the built-in task read into
 * tokenized prompt sets, the bad-row policy, and the seeded cursor over the training prompts.
 * Adding a dataset format touches this package alone. May import core, the task package and
 * Spark SQL (to read Parquet).
 */
package dev.ngrpo.orchestrator.data;
