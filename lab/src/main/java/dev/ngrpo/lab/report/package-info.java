/**
 * The HTML report of a run folder, or of several overlaid: charts drawn from metrics.jsonl and
 * eval.jsonl, a header from each run's newest checkpoint, samples from samples.jsonl. May
 * import the orchestrator's metrics package; nothing that runs a model.
 */
package dev.ngrpo.lab.report;
