/**
 * The experiment runner: every method trained from one base model over seeds, with paired
 * statistics and a results page. May import every product module.
 */
package dev.ngrpo.lab.experiment;
