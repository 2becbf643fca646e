/**
 * Model folders and checkpoints on any Hadoop FileSystem, renamed into place when complete.
 * Imports the Hadoop FS API and {@code safetensors}; never Spark.
 */
package dev.ngrpo.core.store;
