package dev.ngrpo.learner.optim;

import java.util.Arrays;

/**
 * An {@link AdamW}'s state as plain host arrays, for checkpoints: restoring it makes the next
 * update bit-for-bit the one the saved optimizer would have made.
 *
 * @param step updates taken so far (t of the bias correction); 0 before the first
 * @param firstMoments {@code [P][numel_p]} m of each parameter, flattened row-major, in the
 *     parameter order of the updates; empty before the first update
 * @param secondMoments {@code [P][numel_p]} v, same layout
 */
public record AdamWState(long step, float[][] firstMoments, float[][] secondMoments) {

  public AdamWState {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    if (firstMoments.length != secondMoments.length) {
      throw new IllegalArgumentException(firstMoments.length + " first moments but "
          + secondMoments.length + " second moments");
    }
    if (step == 0 && firstMoments.length > 0) {
      throw new IllegalArgumentException("state at step 0 must have no moments, got "
          + firstMoments.length);
    }
    if (step > 0 && firstMoments.length == 0) {
      throw new IllegalArgumentException("state at step " + step + " has no moments");
    }
    for (int i = 0; i < firstMoments.length; i++) {
      if (firstMoments[i].length != secondMoments[i].length) {
        throw new IllegalArgumentException("parameter " + i + ": " + firstMoments[i].length
            + " first-moment values but " + secondMoments[i].length + " second-moment values");
      }
    }
  }

  /** The state of an optimizer that has taken no step. */
  public static AdamWState initial() {
    return new AdamWState(0, new float[0][], new float[0][]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdamWState s && step == s.step
        && Arrays.deepEquals(firstMoments, s.firstMoments)
        && Arrays.deepEquals(secondMoments, s.secondMoments);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(step) * 31 + Arrays.deepHashCode(firstMoments);
  }

  @Override
  public String toString() {
    return "AdamWState[step=" + step + ", parameters=" + firstMoments.length + "]";
  }
}
