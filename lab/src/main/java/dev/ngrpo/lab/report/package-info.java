/**
 * The HTML report of a run folder: charts drawn from metrics.jsonl and eval.jsonl. May import
 * the orchestrator's metrics package; nothing that runs a model.
 */
package dev.ngrpo.lab.report;
