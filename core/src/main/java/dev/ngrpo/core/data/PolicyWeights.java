package dev.ngrpo.core.data;

import java.util.Objects;

/**
 * A versioned snapshot of the policy's weights as it travels to executors: the model's
 * {@code config.json} and every parameter in safetensors layout (F32), as one byte array.
 * {@link dev.ngrpo.core.weights.WeightsSnapshot} writes and reads it, exact to the bit.
 *
 * @param version monotonically increasing policy version (0 = the initial model)
 * @param bytes the encoded snapshot
 */
public record PolicyWeights(long version, byte[] bytes) {
  public PolicyWeights {
    Objects.requireNonNull(bytes, "bytes");
    if (version < 0) {
      throw new IllegalArgumentException("weights version must be >= 0, got " + version);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyWeights w && version == w.version
        && java.util.Arrays.equals(bytes, w.bytes);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "PolicyWeights[v" + version + ", " + bytes.length + " bytes]";
  }
}
