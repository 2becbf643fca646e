/**
 * What a run reports: metrics.jsonl and eval.jsonl in the output folder, the console progress
 * line, unbiased pass@k. May import core and the train package's result records.
 */
package dev.ngrpo.orchestrator.metrics;
