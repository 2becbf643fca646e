/**
 * Weight snapshots: version, config and F32 tensors as one byte array, bit-exact both ways.
 * Imports DJL, {@code data}, {@code model} and {@code safetensors}; never Spark.
 */
package dev.ngrpo.core.weights;
