package dev.ngrpo.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.safetensors.LocalModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharTokenizerTest {
  @TempDir
  Path dir;

  @Test
  void arithmeticIdsAreSpecialsThenTheAlphabet() {
    CharTokenizer t = CharTokenizer.arithmetic();
    // '1' = 3 + 1, '2' = 5, '+' = 13, '=' = 16, ' ' = 17, '3' = 6
    assertThat(t.encode("12+ =3")).containsExactly(4, 5, 13, 17, 16, 6);
    assertThat(t.vocabSize()).isEqualTo(3 + 15);
    assertThat(t.padId()).isZero();
    assertThat(t.eosId()).isEqualTo(1);
    assertThat(t.stopIds()).containsExactly(1);
    assertThat(t.tokenId("*")).hasValue(15);
    assertThat(t.tokenId("<eos>")).hasValue(1);
    assertThat(t.tokenId("x")).isEmpty();
    assertThat(t.tokenId("12")).isEqualTo(OptionalInt.empty());
    assertThat(t.kind()).isEqualTo("char");
  }

  @Test
  void unknownCharactersBecomeUnkAndSpecialTextBecomesSpecialTokens() {
    CharTokenizer t = CharTokenizer.arithmetic();
    // 'x' and the emoji (two UTF-16 units, one code point) are each one <unk> = 2
    assertThat(t.encode("1x\uD83D\uDE00<eos><pad>")).containsExactly(4, 2, 2, 1, 0);
    // '<' alone is not in the alphabet: "<eo" is three unknowns
    assertThat(t.encode("<eo")).containsExactly(2, 2, 2);
  }

  @Test
  void decodeConcatenatesAndOptionallySkipsSpecials() {
    CharTokenizer t = CharTokenizer.arithmetic();
    int[] ids = t.encode("7*8=56<eos><pad>");
    assertThat(t.decode(ids, false)).isEqualTo("7*8=56<eos><pad>");
    assertThat(t.decode(ids, true)).isEqualTo("7*8=56");
    assertThatThrownBy(() -> t.decode(new int[] {4, 18}, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token id 18 at position 1 is outside the vocabulary [0, 18)");
  }

  @Test
  void printableAsciiRoundTripsText() {
    CharTokenizer t = CharTokenizer.printableAscii();
    String text = "Q: What is (3 * 4) - 5?\nA: 7, because {12 - 5} = 7.";
    assertThat(t.decode(t.encode(text), false)).isEqualTo(text);
    // ' ' = 3, 'A' = 3 + 0x41 - 0x20 = 36, '~' = 3 + 94 = 97, '\n' = 98
    assertThat(t.encode(" A~\n")).containsExactly(3, 36, 97, 98);
    assertThat(t.vocabSize()).isEqualTo(99);
  }

  @Test
  void alphabetCharactersMustBeDistinct() {
    assertThatThrownBy(() -> CharTokenizer.of("0120"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("character '0' (U+30) appears twice in the alphabet \"0120\"");
  }

  @Test
  void savesAHuggingFaceTokenizerJsonThatLoadsBack() throws IOException {
    CharTokenizer original = CharTokenizer.of("ab\u00e9 \uD83D\uDE00");
    LocalModelFiles files = new LocalModelFiles(dir);
    original.save(files);
    assertThat(Files.readString(dir.resolve("tokenizer_config.json")))
        .contains("\"eos_token\" : \"<eos>\"").contains("\"pad_token\" : \"<pad>\"")
        .contains("\"clean_up_tokenization_spaces\" : false");

    CharTokenizer loaded = CharTokenizer.load(files);
    assertThat(loaded.alphabet()).isEqualTo("ab\u00e9 \uD83D\uDE00");
    String text = "a b\u00e9\uD83D\uDE00z<eos>";
    assertThat(loaded.encode(text)).containsExactly(original.encode(text));
    // a=3 ' '=6 b=4 é=5 emoji=7 z=<unk> <eos>
    assertThat(loaded.encode(text)).containsExactly(3, 6, 4, 5, 7, 2, 1);

    try (Tokenizer viaRegistry = Tokenizers.load(dir)) {
      assertThat(viaRegistry).isInstanceOf(CharTokenizer.class);
      assertThat(viaRegistry.encode(text)).containsExactly(original.encode(text));
    }
    assertThatThrownBy(() -> Tokenizers.load(files, "<pad>", null, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a character-level tokenizer whose special tokens are fixed");
  }

  @Test
  void freshTokenizersByName() {
    assertThat(Tokenizers.freshNames()).containsExactly("char", "char-arithmetic");
    assertThat(Tokenizers.fresh("char-arithmetic").alphabet())
        .isEqualTo(CharTokenizer.ARITHMETIC_ALPHABET);
    // 3 specials + 95 printable ASCII characters + newline
    assertThat(Tokenizers.fresh("char").vocabSize()).isEqualTo(99);
    assertThatThrownBy(() -> Tokenizers.fresh("bpe"))
        .hasMessage("unknown fresh-model tokenizer 'bpe'; known: char, char-arithmetic");
  }
}
