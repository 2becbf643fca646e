package dev.ngrpo.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.Projection;
import org.junit.jupiter.api.Test;

/**
 * Elements of the decoder's and the head's tensors for the default model (reference.conf's
 * init over the 18-token arithmetic vocabulary): H 128, I 384, 4 layers, 4 heads of 32, 2 kv
 * heads, so Hq 128 and Hkv 64.
 */
class DecoderMemoryTest {
  static final ModelConfig DEFAULT = ModelConfig.llama(18, 128, 384, 4, 4, 2, 128, false);

  @Test
  void aForwardPassHoldsEveryIntermediateOfEveryBlock() {
    // B 128 rows x T 128 columns: N = 16,384 tokens
    // per token and block: 10 H + 7.5 Hq + 8.5 Hkv + 5 I + 6 = 1280 + 960 + 544 + 1920 + 6 = 4710
    // scores per block: 4 B nq T S = 4 x 128 x 4 x 128 x 128 = 33,554,432
    // before the blocks N (H + 2 h) = 16,384 x 192; after them 3 N H + 3 N
    long expected = 16_384L * 192 + 4 * (16_384L * 4710 + 33_554_432L)
        + 3 * 16_384L * 128 + 3 * 16_384L;
    assertThat(DecoderMemory.forward(DEFAULT, 128, 128, 128, false)).isEqualTo(expected)
        .isEqualTo(452_378_624L);
    // with a cache, keys and values are views: 6.5 Hkv, 416 per token, so 4582
    // B 64 x T 122 = 7,808 tokens; scores 4 x 64 x 4 x 122 x 122 = 15,241,216 per block
    assertThat(DecoderMemory.forward(DEFAULT, 64, 122, 122, true))
        .isEqualTo(7_808L * 192 + 4 * (7_808L * 4582 + 15_241_216L) + 3 * 7_808L * 128
            + 3 * 7_808L);
  }

  @Test
  void maskCacheAndBackward() {
    // causal 128 x 128, key padding 128 x 128, their sum 128 x 128 x 128
    assertThat(DecoderMemory.causalMask(128, 128)).isEqualTo(16_384L + 16_384 + 2_097_152);
    // keys and values: 2 x 4 layers x 64 rows x Hkv 64 x 128 positions, and a 64 x 128 mask
    assertThat(DecoderMemory.kvCache(DEFAULT, 64, 128)).isEqualTo(4_194_304L + 8_192);
    // max(attention 2 x 128 x 4 x 128 x 128 = 16,777,216, MLP 3 x 16,384 x 384 = 18,874,368)
    // + 3 N H = 6,291,456
    assertThat(DecoderMemory.backwardPeak(DEFAULT, 128, 128)).isEqualTo(25_165_824L);
    // the untied head (18 x 128) is smaller than gate_proj (384 x 128)
    assertThat(DecoderMemory.largestWeight(DEFAULT)).isEqualTo(49_152L);
  }

  @Test
  void loraDropoutCopiesTheAdaptedInputs() {
    // per token and block: q_proj and v_proj read H 128, down_proj reads I 384: 640;
    // B 8 x T 128 x 4 layers x 640
    assertThat(DecoderMemory.adaptedInputs(DEFAULT, java.util.List.of(Projection.Q_PROJ,
        Projection.V_PROJ, Projection.DOWN_PROJ), 8, 128)).isEqualTo(2_621_440L);
  }

  @Test
  void theHeadHoldsTensorsOverTheVocabulary() {
    // 128 rows x 6 response columns = 768 cells: hidden 768 x 128, then logits, log-softmax,
    // exp and exp * log-softmax, each 768 x 18
    assertThat(LmHeadMemory.forward(DEFAULT, 128, 6, false, true)).isEqualTo(98_304L + 55_296);
    // a temperature adds logits / tau; without entropies two fewer
    assertThat(LmHeadMemory.forward(DEFAULT, 128, 6, true, false)).isEqualTo(98_304L + 41_472);
    assertThat(LmHeadMemory.backwardPeak(DEFAULT, 128, 6, true)).isEqualTo(41_472L);
    assertThat(LmHeadMemory.backwardPeak(DEFAULT, 128, 6, false)).isEqualTo(27_648L);
    // Qwen2.5-0.5B: one (8, 1024, 151,936) tensor is 1,244,659,712 values, 4.98 GB in float32
    assertThat(LmHeadMemory.backwardPeak(TrainableParametersTest.QWEN_05B, 8, 1024, false) / 2)
        .isEqualTo(1_244_659_712L);
  }
}
