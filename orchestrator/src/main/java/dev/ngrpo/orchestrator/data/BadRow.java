package dev.ngrpo.orchestrator.data;

/**
 * One rejected row, located for the user.
 *
 * @param file the file it came from (as given to the mapper)
 * @param unit {@code line} for JSONL (1-based line number), {@code row} for Parquet (as the
 *     reader numbers rows)
 * @param number the line or row number
 * @param reason why it was rejected
 * @param detail what was wrong, with a short excerpt of the value
 */
public record BadRow(String file, String unit, long number, BadRowReason reason, String detail) {

  @Override
  public String toString() {
    return file + " " + unit + " " + number + ": " + reason + ": " + detail;
  }
}
