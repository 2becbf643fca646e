/**
 * The learner's configuration ({@code ngrpo.learner}, {@code ngrpo.presets}) as immutable
 * records with their factories. May import {@code core.config} and every learner package but
 * {@code step}.
 */
package dev.ngrpo.learner.config;
