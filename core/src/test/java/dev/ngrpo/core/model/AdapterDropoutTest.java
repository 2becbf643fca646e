package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ngrpo.core.safetensors.HostTensor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LoRA dropout's masks: the hand-computed adapter term, their keys, and their kept fraction. */
class AdapterDropoutTest {
  private static final String Q = "model.layers.0.self_attn.q_proj";
  private static final long SEED = TrainingPass.seed(3, 5, 0);

  /** The kept flags of {@code prefix}'s input {@code (B, columns, in)} in {@code pass}. */
  private static byte[] mask(double p, TrainingPass pass, int[][] prompts, String prefix,
      int columns, int in) {
    AdapterDropout d = new AdapterDropout(p, pass, new LeftPaddedBatch(prompts));
    ByteBuffer flags = ByteBuffer.allocate(pass.size() * columns * in);
    d.fill(flags, prefix, columns, in);
    return flags.array();
  }

  @Test
  void aDroppedInputGivesTheHandComputedAdapterTerm() {
    // hidden 2, one head of width 2: q_proj is (2, 2); r = 1, alpha = 2, p = 0.5
    ModelConfig c = ModelConfig.llama(8, 2, 2, 1, 1, 1, 8, true);
    LoraSettings q = new LoraSettings(1, 2, List.of("q_proj"), 0.5);
    Map<String, HostTensor> ab = new LinkedHashMap<>();
    ab.put(Adapters.nameA(Q), new HostTensor(new long[] {1, 2}, new float[] {1, 2}));
    ab.put(Adapters.nameB(Q), new HostTensor(new long[] {2, 1}, new float[] {3, 4}));
    TrainingPass pass = new TrainingPass(1, new int[] {0});
    int[][] prompt = {{5}};
    // the mask of seed 1, row 0: token 0 drops its first element, token 1 its second
    assertThat(mask(0.5, pass, prompt, Q, 2, 2)).containsExactly(0, 1, 1, 0);
    try (NDManager m = NDManager.newBaseManager()) {
      Adapters adapters = Adapters.fromHostTensors(c, q, ab, m, "test");
      NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2));
      // s / (1 - p) = 2 / 0.5 = 4. Token 0: [0, 2] A^T = 4, times B^T [3, 4] = [12, 16], x 4;
      // token 1: [3, 0] A^T = 3 -> [9, 12] x 4
      Adapters training = adapters.inTraining(pass, new LeftPaddedBatch(prompt));
      assertThat(training.delta(x, Q).toFloatArray()).containsExactly(48f, 64f, 36f, 48f);
      // whole inputs, s = 2: [1, 2] A^T = 5 -> [30, 40]; [3, 4] A^T = 11 -> [66, 88]
      assertThat(adapters.delta(x, Q).toFloatArray()).containsExactly(30f, 40f, 66f, 88f);
      // p = 0 makes no training copy: the same adapters, no mask
      Adapters whole = Adapters.fromHostTensors(c, new LoraSettings(1, 2, List.of("q_proj")),
          ab, m, "test");
      assertThat(whole.inTraining(pass, new LeftPaddedBatch(prompt))).isSameAs(whole);
    }
  }

  @Test
  void masksAreAFunctionOfSeedRowTokenAndProjectionAlone() {
    int[][] one = {{1, 2, 3}};
    byte[] first = mask(0.3, new TrainingPass(SEED, new int[] {7}), one, Q, 5, 16);
    assertThat(mask(0.3, new TrainingPass(SEED, new int[] {7}), one, Q, 5, 16))
        .isEqualTo(first);
    // another step, another row, another projection: other masks
    assertThat(mask(0.3, new TrainingPass(TrainingPass.seed(3, 6, 0), new int[] {7}), one, Q,
        5, 16)).isNotEqualTo(first);
    assertThat(mask(0.3, new TrainingPass(TrainingPass.seed(3, 5, 1), new int[] {7}), one, Q,
        5, 16)).isNotEqualTo(first);
    assertThat(mask(0.3, new TrainingPass(SEED, new int[] {8}), one, Q, 5, 16))
        .isNotEqualTo(first);
    assertThat(mask(0.3, new TrainingPass(SEED, new int[] {7}), one,
        "model.layers.0.self_attn.k_proj", 5, 16)).isNotEqualTo(first);
    // row 7 second in a micro-batch whose first prompt is 2 tokens longer: its tokens sit 2
    // columns to the right, in row 1 of (2, 7, 16), and keep their masks
    byte[] shared = mask(0.3, new TrainingPass(SEED, new int[] {4, 7}),
        new int[][] {{1, 2, 3, 4, 5}, one[0]}, Q, 7, 16);
    assertThat(Arrays.copyOfRange(shared, (7 + 2) * 16, (7 + 2 + 5) * 16)).isEqualTo(first);
  }

  @Test
  void theKeptFractionIsOneLessP() {
    // 4 rows x 256 tokens x 1,024 = 2^20 elements (made in parallel). Kept ~ Binomial(n, 1 - p):
    // sd = sqrt(n p (1 - p)) = sqrt(2^20 x 0.09) = 307.2, so 5 sd = 1,536 elements
    int n = 1 << 20;
    int[][] prompts = {{1}, {1}, {1}, {1}};
    byte[] flags = mask(0.1, new TrainingPass(SEED, new int[] {0, 1, 2, 3}), prompts, Q, 256,
        1024);
    int kept = 0;
    for (byte f : flags) {
      kept += f;
    }
    assertThat(Math.abs(kept - 0.9 * n)).isLessThan(1536);
    // 93 fewer than 0.9 n = 943,718.4; pinned, so a change of the mask function shows here
    assertThat(kept).isEqualTo(943_625);
    // row 2 alone, 2^18 elements, is made on one thread: the same bytes
    assertThat(mask(0.1, new TrainingPass(SEED, new int[] {2}), new int[][] {{1}}, Q, 256, 1024))
        .isEqualTo(Arrays.copyOfRange(flags, 2 * 256 * 1024, 3 * 256 * 1024));
    // p = 0.5: sd = 512
    byte[] half = mask(0.5, new TrainingPass(SEED, new int[] {0, 1, 2, 3}), prompts, Q, 256,
        1024);
    int halfKept = 0;
    for (byte f : half) {
      halfKept += f;
    }
    assertThat(Math.abs(halfKept - 0.5 * n)).isLessThan(5 * 512);
  }

  @Test
  void aPassMustMatchItsBatch() {
    assertThatThrownBy(() -> new AdapterDropout(0.1, new TrainingPass(1, new int[] {0, 1}),
        new LeftPaddedBatch(new int[][] {{1}})))
        .hasMessageContaining("the training pass names 2 rows, the batch has 1");
    assertThatThrownBy(() -> new LoraSettings(4, 8, List.of("q_proj"), 1.0))
        .hasMessageContaining("LoRA dropout must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> new LoraSettings(4, 8, List.of("q_proj"), Double.NaN))
        .hasMessageContaining("LoRA dropout must be in [0, 1), got NaN");
  }
}
