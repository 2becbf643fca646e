package dev.ngrpo.orchestrator.train;

/**
 * What {@code train} does with an output folder that may already hold a run. The two resuming
 * modes behave the same and differ only in the option their messages name: {@code --resume}
 * is what a person types to continue a run, {@code --resume-or-start} what a scheduler that
 * reruns one command every night on one folder passes, so that the command reads as what it
 * does on the first night, on the nights after a failure and once the run is complete.
 */
public enum StartMode {
  /** {@code train}: a new run, only in an empty folder. */
  NEW("train"),
  /**
   * {@code train --resume}: continue the newest complete checkpoint, start over when there is
   * none, and do nothing when it already holds the final step ({@link RunOutput#claim}).
   */
  RESUME("--resume"),
  /** {@code train --resume-or-start}: {@link #RESUME}, named for batch schedulers. */
  RESUME_OR_START("--resume-or-start");

  private final String option;

  StartMode(String option) {
    this.option = option;
  }

  /** The mode of a run that resumes when asked, else starts new. */
  public static StartMode of(boolean resume) {
    return resume ? RESUME : NEW;
  }

  /** Whether the run continues the folder's newest checkpoint when there is one. */
  public boolean resumes() {
    return this != NEW;
  }

  /** The command-line option that chose this mode, for messages ({@code train} when none). */
  public String option() {
    return option;
  }
}
