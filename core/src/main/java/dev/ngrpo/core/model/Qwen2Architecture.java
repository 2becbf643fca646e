package dev.ngrpo.core.model;

/** Qwen2: the Llama decoder whose q/k/v projections carry a bias unless config.json says not. */
public final class Qwen2Architecture extends LlamaArchitecture {
  @Override
  public String causalLmClass() {
    return "Qwen2ForCausalLM";
  }

  @Override
  public boolean attentionBiasByDefault() {
    return true;
  }
}
