package dev.ngrpo.orchestrator.data;

/**
 * The first bad row of a dataset under {@code ngrpo.data.on-bad-row = fail}: stops the run
 * before training starts, naming the file, line or row, and reason.
 */
public final class BadRowException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient BadRow row;

  BadRowException(BadRow row) {
    super("bad row in " + row + " (ngrpo.data.on-bad-row = fail; set it to skip to count and "
        + "skip bad rows instead)");
    this.row = row;
  }

  /** The offending row. */
  public BadRow row() {
    return row;
  }
}
