package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Rotary tables sized by the positions calls reach, not by max_position_embeddings. */
class RotaryEmbeddingTest {
  /** One head of width 128 in a 1-layer model that declares 2^24 positions. */
  private static ModelConfig longContext() {
    return new ModelConfig("llama", 20, 128, 32, 1, 1, 1, 128, 1e-6, 10000.0,
        ModelConfig.MAX_POSITIONS, true, false, -1, -1);
  }

  @Test
  void aModelDeclaringMillionsOfPositionsBuildsAndRunsWithTablesOfThoseItUses() {
    // a full table would be 2^24 positions x 128 = 2^31 floats: more than an array holds
    try (PolicyModel model = TinyModels.create(longContext(), 1);
        NDManager m = model.manager().newSubManager()) {
      int[] prompt = new int[300];
      LeftPaddedBatch batch = new LeftPaddedBatch(new int[][] {prompt});
      NDArray hidden = model.hidden(batch.ids(m, null, 0), batch.positions(m, 0, 300),
          batch.causalMask(m, 300), null, 0);
      assertThat(hidden.getShape()).isEqualTo(new Shape(1, 300, 128));
    }
    try (NDManager m = NDManager.newBaseManager()) {
      RotaryEmbedding rope = new RotaryEmbedding(m, longContext());
      assertThat(rope.positions()).isEqualTo(RotaryEmbedding.INITIAL_POSITIONS);
      rope.cover(300); // the next power of two
      assertThat(rope.positions()).isEqualTo(512);
      rope.cover(512);
      assertThat(rope.positions()).isEqualTo(512);
    }
  }

  @Test
  void growingTheTablesChangesNoValue() {
    try (NDManager m = NDManager.newBaseManager()) {
      RotaryEmbedding rope = new RotaryEmbedding(m, new ModelConfig("llama", 20, 16, 32, 1, 2, 2,
          8, 1e-6, 10000.0, 1000, true, false, -1, -1));
      NDArray positions = m.create(new long[] {0, 1, 7, 255}, new Shape(1, 4));
      float[] cosBefore = rope.lookup(positions)[0].toFloatArray();
      float[] sinBefore = rope.lookup(positions)[1].toFloatArray();
      rope.cover(700);
      assertThat(rope.positions()).isEqualTo(1000); // 1024 capped at max_position_embeddings
      assertThat(rope.lookup(positions)[0].toFloatArray()).isEqualTo(cosBefore);
      assertThat(rope.lookup(positions)[1].toFloatArray()).isEqualTo(sinBefore);
      // position 7, frequency j = 1 of d = 8: cos(7 * 10000^(-2/8)) = cos(0.7), in both halves
      float expected = (float) Math.cos(7 * Math.pow(10000.0, -2.0 / 8));
      assertThat(cosBefore[2 * 8 + 1]).isEqualTo(expected);
      assertThat(cosBefore[2 * 8 + 1 + 4]).isEqualTo(expected);
    }
  }

  @Test
  void aSequenceLongerThanTheModelsPositionsFailsNamingThem() {
    try (PolicyModel model = TinyModels.create(TinyModels.tied(), 1);
        NDManager m = model.manager().newSubManager()) {
      LeftPaddedBatch batch = new LeftPaddedBatch(new int[][] {new int[65]});
      assertThatThrownBy(() -> model.hidden(batch.ids(m, null, 0), batch.positions(m, 0, 65),
          batch.causalMask(m, 65), null, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a sequence of 65 tokens exceeds max_position_embeddings = 64");
    }
  }

  @Test
  void aPositionPastItsColumnFailsClearly() {
    try (PolicyModel model = TinyModels.create(longContext(), 1);
        NDManager m = model.manager().newSubManager()) {
      // one token claiming position 1000: beyond the 256 positions covered for one key column
      assertThatThrownBy(() -> model.hidden(m.create(new long[] {3}, new Shape(1, 1)),
          m.create(new long[] {1000}, new Shape(1, 1)), m.zeros(new Shape(1, 1, 1, 1, 1)),
          null, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside [0, 256)")
          .hasMessageContaining("positions must be at most their column");
    }
  }
}
