package dev.ngrpo.orchestrator.data;

import java.util.HashMap;
import java.util.Map;

/**
 * The ids of the prompts one dataset read has kept so far. A later row whose id was already
 * kept is a bad row ({@link BadRowReason#DUPLICATE_ID}): the first occurrence stays, because
 * prompt ids name evaluation results and logged examples, and two prompts answering to one
 * name would make those ambiguous. Rows rejected for another reason do not claim their id.
 *
 * <p>Not thread-safe: one per reader, like {@link BadRows}.
 */
final class PromptIds {
  /** Where an id was first kept. */
  private record FirstUse(String file, String unit, long number) {}

  private final Map<String, FirstUse> kept = new HashMap<>();

  /**
   * Claims {@code id} for the row at {@code file}/{@code unit}/{@code number}: null when the
   * id is new (it is now taken), else where the row that first took it is, e.g.
   * {@code "train.jsonl line 3"}.
   */
  String claim(String id, String file, String unit, long number) {
    FirstUse first = kept.putIfAbsent(id, new FirstUse(file, unit, number));
    return first == null ? null : first.file() + " " + first.unit() + " " + first.number();
  }
}
