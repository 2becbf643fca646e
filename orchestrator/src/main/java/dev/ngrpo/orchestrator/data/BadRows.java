package dev.ngrpo.orchestrator.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bad rows met while mapping a dataset: counts by reason and the first
 * {@code max-examples-logged} of them, each logged as it is met. Under
 * {@link BadRowPolicy#FAIL} the first bad row throws {@link BadRowException} instead.
 *
 * <p>Not thread-safe: one per reader (e.g. per Spark partition); {@link #merge} combines them.
 */
public final class BadRows {
  private static final Logger LOG = LoggerFactory.getLogger(BadRows.class);

  private final BadRowPolicy policy;
  private final int maxExamples;
  private final EnumMap<BadRowReason, Long> counts = new EnumMap<>(BadRowReason.class);
  private final List<BadRow> examples = new ArrayList<>();

  /**
   * @param policy skip (count) or fail at the first bad row
   * @param maxExamples how many bad rows to keep and log, {@code >= 0}
   */
  public BadRows(BadRowPolicy policy, int maxExamples) {
    if (maxExamples < 0) {
      throw new IllegalArgumentException("max examples must be >= 0, got " + maxExamples);
    }
    this.policy = policy;
    this.maxExamples = maxExamples;
  }

  /** Accumulator for the policy and example count of {@code settings}. */
  public static BadRows of(DataSettings settings) {
    return new BadRows(settings.onBadRow(), settings.maxExamplesLogged());
  }

  /** Records a bad row; throws {@link BadRowException} under {@link BadRowPolicy#FAIL}. */
  public void reject(BadRow row) {
    if (policy == BadRowPolicy.FAIL) {
      throw new BadRowException(row);
    }
    counts.merge(row.reason(), 1L, Long::sum);
    if (examples.size() < maxExamples) {
      examples.add(row);
      LOG.warn("skipping bad row {} (ngrpo.data.on-bad-row = skip)", row);
    }
  }

  /** Adds {@code other}'s counts and as many of its examples as there is room for. */
  public void merge(BadRows other) {
    other.counts.forEach((reason, n) -> counts.merge(reason, n, Long::sum));
    for (BadRow row : other.examples) {
      if (examples.size() >= maxExamples) {
        break;
      }
      examples.add(row);
    }
  }

  /** Bad rows of every reason. */
  public long total() {
    long n = 0;
    for (long c : counts.values()) {
      n += c;
    }
    return n;
  }

  /** Bad rows of {@code reason}. */
  public long count(BadRowReason reason) {
    return counts.getOrDefault(reason, 0L);
  }

  /** Counts of the reasons met, in declaration order. */
  public Map<BadRowReason, Long> counts() {
    return Collections.unmodifiableMap(new EnumMap<>(counts));
  }

  /** The first bad rows, at most {@code maxExamples}. */
  public List<BadRow> examples() {
    return List.copyOf(examples);
  }

  /** One line for the run's log and report: {@code "3 bad rows skipped: {EMPTY_ANSWER=2, ...}"}. */
  public String summary() {
    return total() + " bad rows skipped" + (counts.isEmpty() ? "" : ": " + counts);
  }
}
