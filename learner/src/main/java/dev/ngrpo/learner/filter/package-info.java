/**
 * Dynamic sampling (docs/algorithm.md section 3): which scored groups a step trains on, and
 * the all-correct/all-wrong/mixed counts. Imports {@code core.data} and {@code core.config}.
 */
package dev.ngrpo.learner.filter;
