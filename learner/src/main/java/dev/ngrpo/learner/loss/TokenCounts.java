package dev.ngrpo.learner.loss;

/**
 * Size of a (micro-)batch for {@link LossAggregation#microBatchWeight}.
 *
 * @param tokens response tokens (mask entries equal to 1)
 * @param sequences sequences with at least one response token
 */
public record TokenCounts(long tokens, int sequences) {
  /** Counts of the rows {@code lengths} (response tokens per row). */
  public static TokenCounts of(int[] lengths) {
    long tokens = 0;
    int sequences = 0;
    for (int n : lengths) {
      tokens += n;
      sequences += n > 0 ? 1 : 0;
    }
    return new TokenCounts(tokens, sequences);
  }
}
