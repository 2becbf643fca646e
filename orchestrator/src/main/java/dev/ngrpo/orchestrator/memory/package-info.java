/**
 * The memory plan of a run, made before Spark starts from the configuration alone (the model's
 * {@code config.json}, no weights): what the driver and each executor will hold on the JVM
 * heap, off it (libtorch's CPU tensors) and on a GPU, against what each process will have.
 * {@code bin/ngrpo plan} prints it; {@code train} refuses a plan that cannot fit.
 */
package dev.ngrpo.orchestrator.memory;
