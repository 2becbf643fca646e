/**
 * Tokenizers (pure-Java characters, Hugging Face {@code tokenizer.json} via DJL), chat templates
 * (fixed ones, and a model folder's own Jinja template through {@code tokenizer.jinja}).
 * Imports DJL tokenizers, Jackson, SLF4J, {@code config}, {@code safetensors} and
 * {@code tokenizer.jinja}; never Spark.
 */
package dev.ngrpo.core.tokenizer;
