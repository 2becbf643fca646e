package dev.ngrpo.core.safetensors;

import java.util.Arrays;
import java.util.List;

/**
 * The element types this project reads from safetensors files, with their exact conversions to
 * and from float32. Every tensor lives on the Java heap as float32 ({@link HostTensor}); these
 * conversions are the only place where precision changes.
 *
 * <ul>
 *   <li>{@code F32}: IEEE 754 binary32, little-endian.
 *   <li>{@code F16}: IEEE 754 binary16 (1 sign, 5 exponent, 10 mantissa bits); every value,
 *       subnormals, infinities and NaN payloads included, is exactly representable in float32.
 *   <li>{@code BF16}: the upper 16 bits of a binary32 (1 sign, 8 exponent, 7 mantissa bits);
 *       widening is a shift, narrowing rounds to nearest, ties to even.
 * </ul>
 */
public enum DType {
  F32(4),
  F16(2),
  BF16(2);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes one element takes in a safetensors data section. */
  public int byteSize() {
    return byteSize;
  }

  /** The spelling in a safetensors header: {@code "F32"}, {@code "F16"}, {@code "BF16"}. */
  public String safetensorsName() {
    return name();
  }

  /** The names {@link #fromSafetensorsName} accepts, for error messages. */
  public static List<String> names() {
    return Arrays.stream(values()).map(DType::safetensorsName).toList();
  }

  /**
   * The dtype a safetensors header names, or {@code null} when this project does not read it
   * (e.g. {@code I64}, {@code F64}, {@code BOOL}); the caller words the error with the tensor name.
   */
  public static DType fromSafetensorsName(String name) {
    for (DType d : values()) {
      if (d.safetensorsName().equals(name)) {
        return d;
      }
    }
    return null;
  }

  /** bf16 bits to float32: the bf16 bits become the upper half of the float32 bits, so exact. */
  public static float bf16ToF32(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /**
   * float32 to bf16 bits, rounding to nearest with ties to even:
   * {@code bf16 = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16}. Values already representable in
   * bf16 (low 16 bits zero) come back unchanged. A NaN stays a NaN with its sign and upper
   * payload bits; if those payload bits are all zero the quiet bit is set, because truncating
   * alone would turn the NaN into an infinity.
   */
  public static short f32ToBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7F800000) == 0x7F800000 && (bits & 0x007FFFFF) != 0) {
      int upper = bits >>> 16;
      return (short) ((upper & 0x7F) != 0 ? upper : upper | 0x40);
    }
    int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + roundingBias) >>> 16);
  }

  /**
   * IEEE binary16 bits to float32, exact: normal numbers re-bias the exponent (15 to 127) and
   * widen the mantissa; subnormals are {@code mantissa * 2^-24}; infinities and NaN keep their
   * sign and payload (shifted into the float32 mantissa's upper bits).
   */
  public static float f16ToF32(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0) {
      float magnitude = Math.scalb((float) mantissa, -24);
      return sign != 0 ? -magnitude : magnitude;
    }
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }
}
