/**
 * The safetensors format on the host: read, write, map and check tensors in a model folder.
 * Imports Jackson only; no DJL, never Spark.
 */
package dev.ngrpo.core.safetensors;
