package dev.ngrpo.core.safetensors;

import java.util.Arrays;

/**
 * One tensor's line in a safetensors header: where its bytes lie in the data section.
 *
 * @param name tensor name
 * @param dtype element type in the file
 * @param shape dimensions
 * @param begin first byte in the data section (inclusive)
 * @param end last byte in the data section (exclusive); {@code end - begin = elements * dtype size}
 */
record TensorEntry(String name, DType dtype, long[] shape, long begin, long end) {
  long byteCount() {
    return end - begin;
  }

  int elementCount() {
    return (int) (byteCount() / dtype.byteSize());
  }

  String describe() {
    return "tensor '" + name + "' (" + dtype + " " + Arrays.toString(shape) + ", data_offsets ["
        + begin + ", " + end + "])";
  }
}
