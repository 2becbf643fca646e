package dev.ngrpo.core.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostTensorTest {
  @Test
  void shapeMustMatchTheValues() {
    assertThatThrownBy(() -> new HostTensor(new long[] {2, 3}, new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shape [2, 3] needs 6 values, got 5");
    assertThatThrownBy(() -> new HostTensor(new long[] {-1}, new float[0]))
        .hasMessage("negative dimension in shape [-1]");
    assertThat(new HostTensor(new long[] {}, new float[] {7f}).size()).isEqualTo(1);
  }

  @Test
  void equalityIsByValueAndTellsSignedZerosApart() {
    HostTensor a = new HostTensor(new long[] {2}, new float[] {0f, Float.NaN});
    assertThat(a).isEqualTo(new HostTensor(new long[] {2}, new float[] {0f, Float.NaN}))
        .hasSameHashCodeAs(new HostTensor(new long[] {2}, new float[] {0f, Float.NaN}));
    assertThat(a).isNotEqualTo(new HostTensor(new long[] {2}, new float[] {-0f, Float.NaN}));
    assertThat(a).isNotEqualTo(new HostTensor(new long[] {1, 2}, new float[] {0f, Float.NaN}));
    assertThat(a.toString()).isEqualTo("HostTensor[2][0.0, NaN]");
  }

  @Test
  void shapeIsCopiedInAndOut() {
    long[] shape = {3};
    HostTensor t = new HostTensor(shape, new float[3]);
    shape[0] = 5;
    t.shape()[0] = 7;
    assertThat(t.shape()).containsExactly(3);
  }
}
