/**
 * Benchmark commands that print figures (matmul peak, decoding, orchestration overhead, weight
 * publishing, scaling, memory); never timed assertions. May import every product module.
 */
package dev.ngrpo.lab.bench;
