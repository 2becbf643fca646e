package dev.ngrpo.orchestrator.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BadRowsTest {

  private static BadRow bad(long line, BadRowReason reason) {
    return new BadRow("f.jsonl", "line", line, reason, "detail");
  }

  @Test
  void mergeAddsCountsAndKeepsTheFirstExamples() {
    BadRows a = new BadRows(BadRowPolicy.SKIP, 2);
    a.reject(bad(1, BadRowReason.EMPTY_ANSWER));
    BadRows b = new BadRows(BadRowPolicy.SKIP, 2);
    b.reject(bad(7, BadRowReason.EMPTY_ANSWER));
    b.reject(bad(9, BadRowReason.WRONG_TYPE));
    a.merge(b);
    // 1 + 2 = 3 rows; room for 2 examples: line 1, then b's first (line 7).
    assertThat(a.total()).isEqualTo(3);
    assertThat(a.counts()).isEqualTo(
        Map.of(BadRowReason.EMPTY_ANSWER, 2L, BadRowReason.WRONG_TYPE, 1L));
    assertThat(a.examples()).extracting(BadRow::number).containsExactly(1L, 7L);
    assertThat(a.summary()).isEqualTo("3 bad rows skipped: {EMPTY_ANSWER=2, WRONG_TYPE=1}");
  }

  @Test
  void zeroExamplesStillCounts() {
    BadRows none = new BadRows(BadRowPolicy.SKIP, 0);
    none.reject(bad(3, BadRowReason.MALFORMED_JSON));
    assertThat(none.count(BadRowReason.MALFORMED_JSON)).isEqualTo(1);
    assertThat(none.count(BadRowReason.EMPTY_PROMPT)).isZero();
    assertThat(none.examples()).isEmpty();
  }
}
