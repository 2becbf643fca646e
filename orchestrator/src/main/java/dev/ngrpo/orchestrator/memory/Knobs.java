package dev.ngrpo.orchestrator.memory;

/**
 * What shrinks each item, as the plan names it when something does not fit. Kept in one place
 * so that a new knob (a narrower frozen dtype) is added once.
 */
final class Knobs {
  static final String MODEL = "a smaller model: ngrpo.model.path or ngrpo.model.init";
  static final String TRAINED = MODEL + "; or LoRA adapters, fewer trained parameters:"
      + " ngrpo.model.lora.rank";
  static final String LEARNER_ROWS = "fewer rows per forward pass:"
      + " ngrpo.learner.micro-batch-size; shorter sequences: ngrpo.data.max-prompt-tokens,"
      + " ngrpo.rollout.max-new-tokens";
  static final String WARM_START_ROWS = "fewer rows per warm-start step: ngrpo.sft.batch-size;"
      + " shorter sequences: ngrpo.data.max-prompt-tokens, ngrpo.rollout.max-new-tokens";
  static final String ROLLOUT_ROWS = "fewer rows per rollout task: ngrpo.rollout.max-batch-size;"
      + " fewer tasks at once per executor; shorter sequences: ngrpo.data.max-prompt-tokens,"
      + " ngrpo.rollout.max-new-tokens";
  static final String LORA_DROPOUT = LEARNER_ROWS + "; fewer adapted projections:"
      + " ngrpo.model.lora.target-modules; or ngrpo.model.lora.dropout = 0";
  static final String CRITIC = "a preset without a critic; or LoRA (ngrpo.model.lora), whose"
      + " critic trains adapters of its own over the policy's frozen model";
  static final String REFERENCE = "ngrpo.learner.algorithm.kl-coef = 0 keeps no reference";
  static final String IN_PROCESS = "ngrpo.weights.transport = model-folders writes versions to"
      + " disk instead";
  static final String BROADCAST = "ngrpo.weights.transport = model-folders sends only a path";
  static final String FOLDER_LOAD = "a smaller model; or a shared local mount for the run's"
      + " output, whose folders executors map instead";
  static final String GROUPS = "ngrpo.run.batch-size, ngrpo.rollout.group-size";

  private Knobs() {}
}
