package dev.ngrpo.core.tokenizer;

import dev.ngrpo.core.safetensors.LocalModelFiles;
import dev.ngrpo.core.safetensors.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Text to token ids and back, for one model. Encoding never adds special tokens (no BOS/EOS):
 * prompts are rendered by a {@link ChatTemplate} into exactly the text the model sees, and
 * special tokens written in that text (e.g. {@code <|im_start|>}) become their ids.
 *
 * <p>Implementations may hold native resources: close them when done.
 */
public interface Tokenizer extends AutoCloseable {
  /** {@code "char"} or {@code "huggingface"}: which implementation, for logs and checkpoints. */
  String kind();

  /** Token ids of {@code text}, with no special tokens added. */
  int[] encode(String text);

  /**
   * The text of {@code ids}.
   *
   * @param skipSpecialTokens drop special tokens ({@code <eos>}, {@code <|im_end|>}, ...)
   */
  String decode(int[] ids, boolean skipSpecialTokens);

  /** Number of token ids: every id is in {@code [0, vocabSize())}. */
  int vocabSize();

  /** The id that pads sequences in a batch. */
  int padId();

  /** The id of the end-of-sequence token. */
  int eosId();

  /** Ids that end generation: {@link #eosId()} first, then any configured extra stop tokens. */
  int[] stopIds();

  /** The id of a token given by its exact text (a special token or a vocabulary entry). */
  OptionalInt tokenId(String token);

  /**
   * Writes {@code tokenizer.json} and {@code tokenizer_config.json} into a model folder, in the
   * Hugging Face format, so the saved model loads again here and in the Python ecosystem.
   */
  void save(ModelFiles files) throws IOException;

  /** {@link #save(ModelFiles)} into a local directory. */
  default void save(Path dir) throws IOException {
    save(new LocalModelFiles(dir));
  }

  /** Releases native resources; the default has none. */
  @Override
  default void close() {}
}
