/**
 * Native-memory scoping for tensor code ({@code NDScope}). Imports DJL only.
 */
package dev.ngrpo.learner.tensor;
