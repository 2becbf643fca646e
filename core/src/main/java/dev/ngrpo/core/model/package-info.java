/**
 * The policy model: decoder families, weight loading, forward pass, token scoring, HF folders.
 * Imports DJL, Jackson, Typesafe Config, {@code config}, {@code safetensors}, {@code tokenizer};
 * never Spark.
 */
package dev.ngrpo.core.model;
