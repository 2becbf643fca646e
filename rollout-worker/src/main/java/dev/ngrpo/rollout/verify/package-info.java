/**
 * Verifiers, the reward functions run on executors: the built-in arithmetic and math verifiers,
 * user plug-ins (a VerifierProvider or a Verifier class), the time limit around them. May import
 * core; never Spark, the learner or the driver modules.
 */
package dev.ngrpo.rollout.verify;
