/**
 * Seed mixing shared by every module ({@link dev.ngrpo.core.random.SplitMix64}): seeds of
 * shuffles, permutations and dropout masks derived from the run seed and positions, on plain
 * longs. Imports nothing.
 */
package dev.ngrpo.core.random;
