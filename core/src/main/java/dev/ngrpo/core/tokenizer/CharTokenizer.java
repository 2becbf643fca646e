package dev.ngrpo.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.core.safetensors.ModelFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One token per character, for the built-in synthetic tasks: ids 0, 1, 2 are the special tokens
 * {@code <pad>}, {@code <eos>}, {@code <unk>}, then one id per character of the alphabet in the
 * order given. A character outside the alphabet encodes as {@code <unk>}; the text of a special
 * token inside the input encodes as that special token, as Hugging Face tokenizers do.
 *
 * <p>It is saved as a genuine Hugging Face {@code tokenizer.json} (by
 * {@code CharTokenizerFiles}), so Hugging Face tokenizers (Python {@code transformers}, DJL) give
 * the same ids for the same text; this class is a pure-Java twin that needs no native library.
 * {@link #load} reads such a file back. Instances are immutable and safe to share between
 * threads.
 */
public final class CharTokenizer implements Tokenizer {
  public static final String PAD = "<pad>";
  public static final String EOS = "<eos>";
  public static final String UNK = "<unk>";
  static final List<String> SPECIALS = List.of(PAD, EOS, UNK);

  /** Digits and the arithmetic operators of the synthetic tasks, with space. */
  public static final String ARITHMETIC_ALPHABET = "0123456789+-*= ";

  private final List<String> tokens;
  private final Map<Integer, Integer> idsByCodePoint = new HashMap<>();

  private CharTokenizer(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    for (int id = SPECIALS.size(); id < tokens.size(); id++) {
      idsByCodePoint.put(tokens.get(id).codePointAt(0), id);
    }
  }

  /**
   * A tokenizer over the distinct characters of {@code alphabet} (Unicode code points), in order.
   *
   * @throws IllegalArgumentException when a character repeats
   */
  public static CharTokenizer of(String alphabet) {
    List<String> tokens = new ArrayList<>(SPECIALS);
    alphabet.codePoints().forEach(cp -> {
      String c = Character.toString(cp);
      if (tokens.subList(SPECIALS.size(), tokens.size()).contains(c)) {
        throw new IllegalArgumentException("character '" + c + "' (U+"
            + Integer.toHexString(cp).toUpperCase(Locale.ROOT)
            + ") appears twice in the alphabet \"" + alphabet + "\"");
      }
      tokens.add(c);
    });
    return new CharTokenizer(tokens);
  }

  /** {@value #ARITHMETIC_ALPHABET}: ids 3..12 are the digits 0..9. */
  public static CharTokenizer arithmetic() {
    return of(ARITHMETIC_ALPHABET);
  }

  /** Printable ASCII and newline: ids 3..97 are U+0020..U+007E, 98 is U+000A. */
  public static CharTokenizer printableAscii() {
    StringBuilder s = new StringBuilder();
    for (char c = ' '; c <= '~'; c++) {
      s.append(c);
    }
    return of(s.append('\n').toString());
  }

  /** Reads a tokenizer that {@link #save} wrote; fails naming the file when it is not one. */
  public static CharTokenizer load(ModelFiles files) throws IOException {
    return fromJson(Tokenizers.readJson(files, Tokenizers.TOKENIZER_JSON),
        files.location(Tokenizers.TOKENIZER_JSON));
  }

  /** The tokenizer a parsed {@code tokenizer.json} describes; errors name {@code location}. */
  static CharTokenizer fromJson(JsonNode json, String location) {
    List<String> tokens = CharTokenizerFiles.tokens(json);
    if (tokens == null) {
      throw new IllegalArgumentException(location + " is not a character-level tokenizer (a BPE "
          + "model with single-character vocabulary, no merges, added tokens " + SPECIALS
          + " at ids 0..2 and a Fuse decoder)");
    }
    return new CharTokenizer(tokens);
  }

  /** True when {@code tokenizerJson} is a character-level tokenizer as {@link #save} writes it. */
  static boolean recognizes(JsonNode tokenizerJson) {
    return CharTokenizerFiles.tokens(tokenizerJson) != null;
  }

  @Override
  public String kind() {
    return "char";
  }

  @Override
  public int[] encode(String text) {
    int[] ids = new int[text.length()];
    int n = 0;
    int i = 0;
    while (i < text.length()) {
      int special = specialAt(text, i);
      if (special >= 0) {
        ids[n++] = special;
        i += SPECIALS.get(special).length();
      } else {
        int cp = text.codePointAt(i);
        ids[n++] = idsByCodePoint.getOrDefault(cp, unkId());
        i += Character.charCount(cp);
      }
    }
    return Arrays.copyOf(ids, n);
  }

  private static int specialAt(String text, int i) {
    if (text.charAt(i) != '<') {
      return -1;
    }
    for (int id = 0; id < SPECIALS.size(); id++) {
      if (text.startsWith(SPECIALS.get(id), i)) {
        return id;
      }
    }
    return -1;
  }

  /**
   * Concatenates the tokens' text.
   *
   * @throws IllegalArgumentException for an id outside {@code [0, vocabSize())}
   */
  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    StringBuilder s = new StringBuilder(ids.length);
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= tokens.size()) {
        throw new IllegalArgumentException("token id " + id + " at position " + i
            + " is outside the vocabulary [0, " + tokens.size() + ")");
      }
      if (!(skipSpecialTokens && id < SPECIALS.size())) {
        s.append(tokens.get(id));
      }
    }
    return s.toString();
  }

  @Override
  public int vocabSize() {
    return tokens.size();
  }

  @Override
  public int padId() {
    return 0;
  }

  @Override
  public int eosId() {
    return 1;
  }

  /** The id that stands for characters outside the alphabet. */
  public int unkId() {
    return 2;
  }

  @Override
  public int[] stopIds() {
    return new int[] {eosId()};
  }

  @Override
  public OptionalInt tokenId(String token) {
    int special = SPECIALS.indexOf(token);
    if (special >= 0) {
      return OptionalInt.of(special);
    }
    if (token.isEmpty() || token.codePointCount(0, token.length()) != 1) {
      return OptionalInt.empty();
    }
    Integer id = idsByCodePoint.get(token.codePointAt(0));
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** The alphabet, without the special tokens. */
  public String alphabet() {
    return String.join("", tokens.subList(SPECIALS.size(), tokens.size()));
  }

  @Override
  public void save(ModelFiles files) throws IOException {
    CharTokenizerFiles.write(tokens, files);
  }

  @Override
  public String toString() {
    return "CharTokenizer[" + tokens.size() + " tokens]";
  }
}
