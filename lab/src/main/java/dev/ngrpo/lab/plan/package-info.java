/**
 * The memory plan against measured peaks: {@code ngrpo bench-plan} runs the learner's step and
 * a rollout task at the shapes a plan is computed for, each in a JVM of its own, and prints the
 * planned bytes beside the growth of the process's peak resident memory.
 */
package dev.ngrpo.lab.plan;
