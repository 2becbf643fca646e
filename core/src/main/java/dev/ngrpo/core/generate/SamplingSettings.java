package dev.ngrpo.core.generate;

import java.util.Arrays;

/**
 * How responses are sampled.
 *
 * @param temperature logits are divided by it; 0 means greedy (argmax)
 * @param topP nucleus: keep the smallest set of most likely tokens whose probability reaches
 *     {@code topP} (1 = off)
 * @param topK keep only the {@code topK} most likely tokens (0 = off); applied before top-p
 * @param maxNewTokens response length limit
 * @param stopIds token ids that end a response (included in it)
 */
public record SamplingSettings(
    float temperature, float topP, int topK, int maxNewTokens, int[] stopIds) {
  public SamplingSettings {
    if (!(temperature >= 0) || !Float.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
    }
    stopIds = stopIds.clone();
  }

  /** True when {@code token} ends a response. */
  public boolean isStop(int token) {
    for (int s : stopIds) {
      if (s == token) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int[] stopIds() {
    return stopIds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamplingSettings s && temperature == s.temperature && topP == s.topP
        && topK == s.topK && maxNewTokens == s.maxNewTokens && Arrays.equals(stopIds, s.stopIds);
  }

  @Override
  public int hashCode() {
    return Float.hashCode(temperature) * 31 + maxNewTokens;
  }

  @Override
  public String toString() {
    return "SamplingSettings[temperature=" + temperature + ", topP=" + topP + ", topK=" + topK
        + ", maxNewTokens=" + maxNewTokens + ", stopIds=" + Arrays.toString(stopIds) + "]";
  }
}
