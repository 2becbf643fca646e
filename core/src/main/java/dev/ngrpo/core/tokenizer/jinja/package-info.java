/**
 * Jinja for the chat templates Hugging Face checkpoints ship: HubSpot's Jinjava set up the way
 * {@code transformers} sets up jinja2 for {@code apply_chat_template} ({@link JinjaEngine}),
 * with the globals and filters transformers adds (Python's {@code json.dumps} as
 * {@code tojson}, Python's {@code str.strip} as {@code trim}, {@code raise_exception},
 * {@code strftime_now}). Imports Jinjava only; never Spark.
 */
package dev.ngrpo.core.tokenizer.jinja;
