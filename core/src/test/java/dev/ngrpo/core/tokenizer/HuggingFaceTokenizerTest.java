package dev.ngrpo.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.safetensors.LocalModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real native tokenizers library on tokenizer.json files written here by hand. */
class HuggingFaceTokenizerTest {
  @TempDir
  Path dir;

  private static String added(int id, String content) {
    return "{\"id\":" + id + ",\"content\":\"" + content + "\",\"single_word\":false,"
        + "\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}";
  }

  /** Word-level model: whitespace pre-tokenizer, words joined by spaces on decode. */
  private static final String WORD_LEVEL = "{\"version\":\"1.0\",\"truncation\":null,"
      + "\"padding\":null,\"added_tokens\":[" + added(0, "<|endoftext|>") + ","
      + added(1, "<|im_start|>") + "," + added(2, "<|im_end|>") + "],"
      + "\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
      + "\"post_processor\":null,\"decoder\":null,"
      + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"<|endoftext|>\":0,\"<|im_start|>\":1,"
      + "\"<|im_end|>\":2,\"hello\":3,\"world\":4,\"[UNK]\":5},\"unk_token\":\"[UNK]\"}}";

  private LocalModelFiles folder(String tokenizerJson, String config) throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
    if (config != null) {
      Files.writeString(dir.resolve("tokenizer_config.json"), config);
    }
    return new LocalModelFiles(dir);
  }

  @Test
  void wordLevelEncodesDecodesAndFindsSpecialTokensInTheConfig() throws IOException {
    LocalModelFiles files = folder(WORD_LEVEL,
        "{\"eos_token\": \"<|im_end|>\", \"pad_token\": {\"content\": \"<|endoftext|>\"}}");
    try (Tokenizer t = Tokenizers.load(files)) {
      assertThat(t).isInstanceOf(HuggingFaceTokenizer.class);
      assertThat(t.kind()).isEqualTo("huggingface");
      assertThat(t.encode("hello world")).containsExactly(3, 4);
      assertThat(t.decode(new int[] {3, 4}, true)).isEqualTo("hello world");
      // special tokens in the text are matched as tokens; no BOS/EOS is added
      assertThat(t.encode("<|im_start|>hello<|im_end|>")).containsExactly(1, 3, 2);
      assertThat(t.encode("hello planet")).containsExactly(3, 5);
      assertThat(t.decode(new int[] {1, 3, 2}, true)).isEqualTo("hello");
      assertThat(t.decode(new int[] {1, 3, 2}, false)).isEqualTo("<|im_start|> hello <|im_end|>");
      assertThat(t.eosId()).isEqualTo(2);
      assertThat(t.padId()).isZero();
      assertThat(t.stopIds()).containsExactly(2);
      assertThat(t.vocabSize()).isEqualTo(6);
      assertThat(t.tokenId("<|im_start|>")).hasValue(1);
      assertThat(t.tokenId("world")).hasValue(4);
      assertThat(t.tokenId("planet")).isEmpty();
      assertThatThrownBy(() -> t.decode(new int[] {6}, true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("token id 6 at position 0 is outside the vocabulary [0, 6)");
    }
  }

  @Test
  void bpeMergesApplyAndFuseDecodesWithoutSpaces() throws IOException {
    String bpe = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
        + "\"added_tokens\":[" + added(3, "</s>") + "],\"normalizer\":null,"
        + "\"pre_tokenizer\":null,\"post_processor\":null,\"decoder\":{\"type\":\"Fuse\"},"
        + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":null,"
        + "\"continuing_subword_prefix\":null,\"end_of_word_suffix\":null,\"fuse_unk\":false,"
        + "\"byte_fallback\":false,\"vocab\":{\"a\":0,\"b\":1,\"ab\":2,\"</s>\":3},"
        + "\"merges\":[\"a b\"]}}";
    try (HuggingFaceTokenizer t = HuggingFaceTokenizer.load(folder(bpe, null))) {
      // "abab" merges pairwise to [ab, ab]; "aba" leaves a lone a
      assertThat(t.encode("abab")).containsExactly(2, 2);
      assertThat(t.encode("aba")).containsExactly(2, 0);
      assertThat(t.decode(new int[] {2, 0, 1}, true)).isEqualTo("abab");
      // no tokenizer_config.json: eos is the special token </s>, pad falls back to it
      assertThat(t.eosId()).isEqualTo(3);
      assertThat(t.padId()).isEqualTo(3);
    }
  }

  @Test
  void overridesAndExtraStopTokens() throws IOException {
    LocalModelFiles files = folder(WORD_LEVEL, null);
    try (Tokenizer t = Tokenizers.load(files, "<|im_end|>", "<|endoftext|>",
        List.of("<|endoftext|>", "<|im_end|>"))) {
      assertThat(t.eosId()).isEqualTo(2);
      assertThat(t.padId()).isZero();
      assertThat(t.stopIds()).containsExactly(2, 0);
    }
    try (Tokenizer t = Tokenizers.load(files)) {
      // no config: <|endoftext|> is the first known eos name among the special tokens
      assertThat(t.eosId()).isZero();
    }
    assertThatThrownBy(() -> Tokenizers.load(files, "<eot>", null, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token '<eot>' (from the eos override) is not in the vocabulary of "
            + dir.resolve("tokenizer.json"));
  }

  @Test
  void missingEosIsReportedWithTheSpecialTokens() throws IOException {
    LocalModelFiles files = folder(WORD_LEVEL.replace("<|endoftext|>", "<|bos|>"), "{}");
    assertThatThrownBy(() -> HuggingFaceTokenizer.load(files))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no eos_token")
        .hasMessageContaining("its special tokens: [<|bos|>, <|im_start|>, <|im_end|>]");
  }

  @Test
  void saveWritesTheFilesItWasLoadedFrom() throws IOException {
    String config = "{\"eos_token\": \"<|im_end|>\", \"model_max_length\": 32768}";
    LocalModelFiles files = folder(WORD_LEVEL, config);
    Path out = dir.resolve("saved");
    try (HuggingFaceTokenizer t = HuggingFaceTokenizer.load(files)) {
      t.save(new LocalModelFiles(out));
    }
    assertThat(Files.readString(out.resolve("tokenizer.json"))).isEqualTo(WORD_LEVEL);
    assertThat(Files.readString(out.resolve("tokenizer_config.json"))).isEqualTo(config);
    assertThat(out.resolve("chat_template.jinja")).doesNotExist();
  }

  @Test
  void saveKeepsTheChatTemplateFile() throws IOException {
    LocalModelFiles files = folder(WORD_LEVEL, "{\"eos_token\": \"<|im_end|>\"}");
    String template = "{{ messages[0].content }}\n";
    Files.writeString(dir.resolve("chat_template.jinja"), template);
    Path out = dir.resolve("saved");
    try (HuggingFaceTokenizer t = HuggingFaceTokenizer.load(files)) {
      t.save(new LocalModelFiles(out));
    }
    assertThat(Files.readString(out.resolve("chat_template.jinja"))).isEqualTo(template);
  }

  @Test
  void charTokenizerFileGivesIdenticalIdsInTheNativeLibrary() throws IOException {
    CharTokenizer chars = CharTokenizer.printableAscii();
    LocalModelFiles files = new LocalModelFiles(dir);
    chars.save(files);
    List<String> texts = List.of("12+34=46", "  leading and trailing  ", "Q: 3*(4-1)?\nA: 9.",
        "caf\u00e9 \uD83D\uDE00 unknowns", "<eos>inside<pad>text<unk>", "<eo", "");
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.load(files)) {
      assertThat(hf.vocabSize()).isEqualTo(chars.vocabSize());
      assertThat(hf.eosId()).isEqualTo(chars.eosId());
      assertThat(hf.padId()).isEqualTo(chars.padId());
      for (String text : texts) {
        int[] ids = chars.encode(text);
        assertThat(hf.encode(text)).as(text).containsExactly(ids);
        assertThat(hf.decode(ids, false)).as(text).isEqualTo(chars.decode(ids, false));
        assertThat(hf.decode(ids, true)).as(text).isEqualTo(chars.decode(ids, true));
      }
    }
  }
}
