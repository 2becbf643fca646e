package dev.ngrpo.learner.reward;

import dev.ngrpo.core.data.RolloutGroup;

/**
 * DAPO's soft overlong punishment (docs/algorithm.md section 3), an optional reward transform applied
 * before filtering and advantages. With L the response length in tokens (the sampled stop token
 * included), L_max the generation limit and L_buf the buffer at its end:
 *
 * <pre>
 *   reward' = reward + min(-(L - (L_max - L_buf)) / L_buf, 0)
 * </pre>
 *
 * <p>so nothing changes up to {@code L_max - L_buf} tokens, and the penalty grows linearly to -1
 * at {@code L = L_max}. A length above L_max cannot be generated and is rejected rather than
 * extrapolated.
 *
 * @param maxLength L_max, the response length limit in tokens (max new tokens), at least 1
 * @param bufferLength L_buf, in {@code [1, maxLength]}
 */
public record OverlongShaping(int maxLength, int bufferLength) {

  public OverlongShaping {
    if (maxLength < 1) {
      throw new IllegalArgumentException("max response length must be >= 1, got " + maxLength);
    }
    if (bufferLength < 1 || bufferLength > maxLength) {
      throw new IllegalArgumentException("overlong buffer length must be in [1, " + maxLength
          + "] (the max response length), got " + bufferLength);
    }
  }

  /** The penalty {@code min(-(L - (L_max - L_buf)) / L_buf, 0)}, in {@code [-1, 0]}. */
  public double penalty(int length) {
    if (length < 0 || length > maxLength) {
      throw new IllegalArgumentException(
          "response length must be in [0, " + maxLength + "], got " + length);
    }
    return Math.min(-(double) (length - (maxLength - bufferLength)) / bufferLength, 0.0);
  }

  /** {@code reward + penalty(length)}. */
  public float shape(float reward, int length) {
    return (float) (reward + penalty(length));
  }

  /**
   * {@code rewards} of the responses of {@code group} with each response's penalty added;
   * neither is modified.
   *
   * @param rewards {@code [G]} the rewards of the group's responses
   */
  public float[] shapedRewards(RolloutGroup group, float[] rewards) {
    float[] shaped = new float[rewards.length];
    for (int i = 0; i < shaped.length; i++) {
      int length = group.responseLength(i);
      if (length > maxLength) {
        throw new IllegalArgumentException("prompt " + group.promptId() + " response " + i
            + ": length " + length + " exceeds the max response length " + maxLength);
      }
      shaped[i] = shape(rewards[i], length);
    }
    return shaped;
  }
}
