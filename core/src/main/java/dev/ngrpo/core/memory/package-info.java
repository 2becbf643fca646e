/**
 * Memory arithmetic of the policy model without building it: parameter counts of the trained
 * and frozen sets (full fine-tuning or LoRA adapters), and the tensors a forward pass, its
 * backward pass, the LM head and the KV cache hold, from a {@code config.json}'s shape alone.
 * Plain arithmetic on {@link dev.ngrpo.core.model.ModelConfig}: no DJL, no native memory.
 */
package dev.ngrpo.core.memory;
