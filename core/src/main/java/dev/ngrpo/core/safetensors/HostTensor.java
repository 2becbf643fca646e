package dev.ngrpo.core.safetensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor on the Java heap: a row-major float32 array and its shape. This is how weights
 * travel between files, snapshots and the DJL model without native memory.
 *
 * <p>The values array is held, not copied (models reach gigabytes); callers that keep one must
 * not modify it afterwards. A scalar has shape {@code []} and one value. A Java array holds at
 * most {@link #MAX_ELEMENTS} values, so one tensor is limited to that many elements.
 *
 * <p>{@code equals} compares shapes and values with {@link Arrays#equals(float[], float[])}:
 * bit-exact, except that NaNs with different payloads compare equal (as {@link Float#equals}).
 *
 * @param shape dimensions, each {@code >= 0}, whose product is {@code values.length}
 * @param values float32 elements in row-major order
 */
public record HostTensor(long[] shape, float[] values) {
  /** The most elements a Java array can hold on HotSpot. */
  public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  public HostTensor {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(values, "values");
    shape = shape.clone();
    long n = elementCount(shape);
    if (n != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
    }
  }

  public static HostTensor zeros(long... shape) {
    long n = elementCount(shape);
    if (n > MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " has " + n + " elements; a HostTensor holds at most "
              + MAX_ELEMENTS);
    }
    return new HostTensor(shape, new float[(int) n]);
  }

  /** The product of the dimensions (1 for a scalar); fails on a negative dimension or overflow. */
  public static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has more than 2^63 elements", e);
      }
    }
    return n;
  }

  public int size() {
    return values.length;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostTensor t && Arrays.equals(shape, t.shape)
        && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("HostTensor").append(Arrays.toString(shape)).append('[');
    int shown = Math.min(values.length, 8);
    for (int i = 0; i < shown; i++) {
      s.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return s.append(values.length > shown ? ", ...]" : "]").toString();
  }
}
