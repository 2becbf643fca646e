package dev.ngrpo.core.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of safetensors bytes held in memory, not decoded: its element type, shape and a
 * little-endian view of its bytes (position 0, limit = its byte count) that shares the source's
 * memory. Reading it does not move the source's position.
 *
 * @param dtype element type as stored
 * @param shape dimensions
 * @param data the tensor's bytes, little-endian, {@code elements * dtype.byteSize()} long
 */
public record RawTensor(DType dtype, long[] shape, ByteBuffer data) {
  public RawTensor {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The values as float32 (F16 and BF16 converted), in a new array. */
  public HostTensor decode() {
    float[] values = new float[data.remaining() / dtype.byteSize()];
    SafetensorsReader.decode(data.duplicate().order(ByteOrder.LITTLE_ENDIAN), dtype, values, 0,
        values.length);
    return new HostTensor(shape, values);
  }

  @Override
  public String toString() {
    return "RawTensor[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}
