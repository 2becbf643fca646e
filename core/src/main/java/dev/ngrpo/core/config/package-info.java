/**
 * Configuration checks (range-checked reads naming the full key, unknown keys) and the one
 * {@link dev.ngrpo.core.config.Registry} type. Imports Typesafe Config and SLF4J only.
 */
package dev.ngrpo.core.config;
