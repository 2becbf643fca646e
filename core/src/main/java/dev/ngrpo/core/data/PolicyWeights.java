package dev.ngrpo.core.data;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A versioned snapshot of the policy's weights as it travels to executors: the model's
 * {@code config.json} and every parameter in safetensors layout (F32), as one buffer.
 * {@link dev.ngrpo.core.weights.WeightsSnapshot} writes and reads it, exact to the bit.
 *
 * <p>The driver encodes it on the heap; an executor reads it off the heap (a direct buffer,
 * see {@code RecordSerializers}), where the policy's parameters are built as views of it, so
 * a fetched snapshot costs its size once, not on the heap, in Spark's cache of it and in the
 * model again.
 *
 * @param version monotonically increasing policy version (0 = the initial model)
 * @param payload the encoded snapshot: its bytes from position to limit; never changed
 */
public record PolicyWeights(long version, ByteBuffer payload) {
  public PolicyWeights {
    Objects.requireNonNull(payload, "payload");
    if (version < 0) {
      throw new IllegalArgumentException("weights version must be >= 0, got " + version);
    }
    payload = payload.slice();
  }

  /** A snapshot of {@code bytes}, which the caller no longer changes. */
  public PolicyWeights(long version, byte[] bytes) {
    this(version, ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")));
  }

  /** The encoded snapshot, as a buffer of its own position (0) and limit (its size). */
  @Override
  public ByteBuffer payload() {
    return payload.duplicate();
  }

  /** Size of the encoded snapshot, in bytes. */
  public int size() {
    return payload.remaining();
  }

  /** A copy of the encoded snapshot. */
  public byte[] bytes() {
    byte[] copy = new byte[size()];
    payload().get(copy);
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyWeights w && version == w.version && payload.equals(w.payload);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + payload.hashCode();
  }

  @Override
  public String toString() {
    return "PolicyWeights[v" + version + ", " + size() + " bytes]";
  }
}
