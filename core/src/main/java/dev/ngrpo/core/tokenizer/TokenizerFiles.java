package dev.ngrpo.core.tokenizer;

import dev.ngrpo.core.safetensors.ModelFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tokenizer's files ({@code tokenizer.json}, {@code tokenizer_config.json}, a {@code
 * chat_template.jinja}) as bytes, so it can travel to executors inside a Spark job and be loaded
 * there exactly as saved.
 */
public final class TokenizerFiles implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, byte[]> files;

  private TokenizerFiles(LinkedHashMap<String, byte[]> files) {
    this.files = files;
  }

  /** The files {@code tokenizer} saves. */
  public static TokenizerFiles of(Tokenizer tokenizer) {
    Memory memory = new Memory(new LinkedHashMap<>());
    try {
      tokenizer.save(memory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save tokenizer " + tokenizer.kind(), e);
    }
    return new TokenizerFiles(memory.files);
  }

  /** A new tokenizer from these files (close it when done). */
  public Tokenizer load() {
    try {
      return Tokenizers.load(new Memory(files));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the shipped tokenizer", e);
    }
  }

  /** The file names carried. */
  public java.util.Set<String> names() {
    return files.keySet();
  }

  /** Files held in memory, read and written by name. */
  private static final class Memory implements ModelFiles {
    private final LinkedHashMap<String, byte[]> files;

    Memory(LinkedHashMap<String, byte[]> files) {
      this.files = files;
    }

    @Override
    public InputStream open(String name) throws IOException {
      byte[] b = files.get(name);
      if (b == null) {
        throw new FileNotFoundException(location(name));
      }
      return new ByteArrayInputStream(b);
    }

    @Override
    public boolean exists(String name) {
      return files.containsKey(name);
    }

    @Override
    public OutputStream create(String name) {
      return new ByteArrayOutputStream() {
        @Override
        public void close() {
          files.put(name, toByteArray());
        }
      };
    }

    @Override
    public long size(String name) {
      byte[] b = files.get(name);
      return b == null ? -1 : b.length;
    }

    @Override
    public String location(String name) {
      return "shipped tokenizer/" + name;
    }
  }

  /** Copies, for tests. */
  Map<String, byte[]> asMap() {
    return new LinkedHashMap<>(files);
  }
}
