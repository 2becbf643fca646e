package dev.ngrpo.core.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DTypeTest {
  private static int bits(float f) {
    return Float.floatToRawIntBits(f);
  }

  @Test
  void bf16WidensByShiftingIntoTheUpperHalf() {
    assertThat(DType.bf16ToF32((short) 0x3F80)).isEqualTo(1.0f);
    assertThat(DType.bf16ToF32((short) 0xC000)).isEqualTo(-2.0f);
    // 0x3F81 -> 0x3F810000 = 1 + 2^-7
    assertThat(DType.bf16ToF32((short) 0x3F81)).isEqualTo(1.0078125f);
    assertThat(bits(DType.bf16ToF32((short) 0x8000))).isEqualTo(0x80000000);
    assertThat(bits(DType.bf16ToF32((short) 0x7FC1))).isEqualTo(0x7FC10000);
  }

  @Test
  void bf16NarrowingRoundsToNearestEven() {
    // 1 + 2^-8 lies halfway between 0x3F80 and 0x3F81: ties go to the even 0x3F80.
    assertThat(DType.f32ToBf16(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80);
    // halfway between 0x3F81 and 0x3F82: the even one is 0x3F82.
    assertThat(DType.f32ToBf16(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82);
    // just above halfway rounds up, just below rounds down.
    assertThat(DType.f32ToBf16(Float.intBitsToFloat(0x3F808001))).isEqualTo((short) 0x3F81);
    assertThat(DType.f32ToBf16(Float.intBitsToFloat(0x3F807FFF))).isEqualTo((short) 0x3F80);
    // the largest float is nearer 2^128 than the largest bf16, so it rounds to infinity.
    assertThat(DType.f32ToBf16(Float.MAX_VALUE)).isEqualTo((short) 0x7F80);
    assertThat(DType.f32ToBf16(-0.0f)).isEqualTo((short) 0x8000);
  }

  @Test
  void bf16NarrowingKeepsNaNsNaN() {
    // payload only in the low 16 bits: truncating would give infinity, so the quiet bit is set.
    assertThat(DType.f32ToBf16(Float.intBitsToFloat(0x7F800001))).isEqualTo((short) 0x7FC0);
    assertThat(DType.f32ToBf16(Float.intBitsToFloat(0xFF800001))).isEqualTo((short) 0xFFC0);
    // upper payload bits survive, no rounding carry into the exponent.
    assertThat(DType.f32ToBf16(Float.intBitsToFloat(0x7FC1FFFF))).isEqualTo((short) 0x7FC1);
  }

  @Test
  void everyBf16ValueRoundTripsExactly() {
    for (int b = 0; b < 0x10000; b++) {
      assertThat(DType.f32ToBf16(DType.bf16ToF32((short) b)) & 0xFFFF).isEqualTo(b);
    }
  }

  @Test
  void f16WidensExactly() {
    assertThat(DType.f16ToF32((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(DType.f16ToF32((short) 0xC000)).isEqualTo(-2.0f);
    assertThat(DType.f16ToF32((short) 0x7BFF)).isEqualTo(65504.0f); // (2 - 2^-10) * 2^15
    assertThat(DType.f16ToF32((short) 0x0400)).isEqualTo(0x1p-14f); // smallest normal
    assertThat(DType.f16ToF32((short) 0x0001)).isEqualTo(0x1p-24f); // smallest subnormal
    assertThat(DType.f16ToF32((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f); // largest subnormal
    assertThat(DType.f16ToF32((short) 0x8001)).isEqualTo(-0x1p-24f);
    assertThat(bits(DType.f16ToF32((short) 0x8000))).isEqualTo(0x80000000);
    assertThat(DType.f16ToF32((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(DType.f16ToF32((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    // NaN payload 0x201 moves to the top of the float mantissa: 0x201 << 13 = 0x402000.
    assertThat(bits(DType.f16ToF32((short) 0x7E01))).isEqualTo(0x7FC02000);
  }

  @Test
  void everyFiniteF16MatchesTheFormula() {
    for (int h = 0; h < 0x10000; h++) {
      int exponent = (h >>> 10) & 0x1F;
      if (exponent == 0x1F) {
        continue;
      }
      int mantissa = h & 0x3FF;
      double sign = (h & 0x8000) != 0 ? -1 : 1;
      // value = sign * mantissa * 2^-24 (subnormal) or sign * (1 + mantissa / 1024) * 2^(e - 15)
      double expected = exponent == 0 ? sign * mantissa * 0x1p-24
          : sign * (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
      assertThat((double) DType.f16ToF32((short) h)).isEqualTo(expected);
    }
  }

  @Test
  void namesAreTheSafetensorsSpellings() {
    assertThat(DType.fromSafetensorsName("BF16")).isEqualTo(DType.BF16);
    assertThat(DType.fromSafetensorsName("I64")).isNull();
    assertThat(DType.names()).containsExactly("F32", "F16", "BF16");
  }
}
