/**
 * Tokenizers (pure-Java characters, Hugging Face {@code tokenizer.json} via DJL), chat templates.
 * Imports DJL tokenizers, Jackson, {@code config} and {@code safetensors}; never Spark.
 */
package dev.ngrpo.core.tokenizer;
