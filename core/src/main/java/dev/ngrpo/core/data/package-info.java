/**
 * The records that cross Spark between driver and executors: primitives and arrays, no tensors.
 * Plain Java; imports nothing beyond the JDK.
 */
package dev.ngrpo.core.data;
