package dev.ngrpo.core.data;

import java.util.Objects;

/**
 * How the verifier dealt with the G responses of one group. A rejection is a verdict (the
 * verifier gave up on a response at one of its caps and scored it 0); an ungraded response is
 * not: its verification threw or timed out, so nobody knows its reward, and its group sits out
 * the update instead of teaching the policy from a made-up 0.
 *
 * @param rejected responses the verifier rejected at its caps, scored 0
 * @param ungraded responses whose verification failed or timed out
 * @param unanswered responses the verifier found no final answer in, in the form it requires
 *     (a {@code \boxed{}} with {@code ngrpo.verifier.format = boxed}): format failures, scored 0
 * @param ungradedNote the first ungraded response and why (the response cut to
 *     {@value #NOTE_CHARS} characters, then the exception or "time-out"); empty when every
 *     response was graded
 */
public record Grading(int rejected, int ungraded, int unanswered, String ungradedNote) {
  /** Every response graded and answered, none rejected. */
  public static final Grading ALL_GRADED = new Grading(0, 0, 0, "");

  /** The most characters of a response a note quotes. */
  public static final int NOTE_CHARS = 200;

  public Grading {
    Objects.requireNonNull(ungradedNote, "ungradedNote");
    if (rejected < 0 || ungraded < 0 || unanswered < 0) {
      throw new IllegalArgumentException("counts must be >= 0, got rejected " + rejected
          + ", ungraded " + ungraded + ", unanswered " + unanswered);
    }
    if ((ungraded == 0) != ungradedNote.isEmpty()) {
      throw new IllegalArgumentException("a note goes with ungraded responses and only with"
          + " them: ungraded " + ungraded + ", note '" + ungradedNote + "'");
    }
  }

  /** True when at least one response could not be graded. */
  public boolean hasUngraded() {
    return ungraded > 0;
  }

  /** The note for {@code response}, which could not be graded because of {@code reason}. */
  public static String note(String response, String reason) {
    String quoted = response.length() > NOTE_CHARS
        ? response.substring(0, NOTE_CHARS) + "..." : response;
    return "response '" + quoted + "': " + reason;
  }
}
