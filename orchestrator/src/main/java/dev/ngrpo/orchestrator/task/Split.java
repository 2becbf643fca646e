package dev.ngrpo.orchestrator.task;

/** Which part of a task's problems: trained on, or held out for evaluation. */
public enum Split {
  TRAIN,
  TEST
}
