package dev.ngrpo.core.safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The files of one model folder ({@code config.json}, {@code model.safetensors} or its shards,
 * {@code tokenizer.json}, ...), addressed by name relative to the folder. Readers and writers of
 * model files go through this so the same code serves a local directory
 * ({@link LocalModelFiles}) and a Hadoop FileSystem folder.
 */
public interface ModelFiles {
  /** Opens {@code name} for reading; a {@link java.io.FileNotFoundException} when absent. */
  InputStream open(String name) throws IOException;

  boolean exists(String name) throws IOException;

  /** Creates or replaces {@code name}, creating the folder if needed. */
  OutputStream create(String name) throws IOException;

  /** Length of {@code name} in bytes, or -1 when the store cannot tell. */
  long size(String name) throws IOException;

  /** Where {@code name} lives (a path or URI), for error messages. */
  String location(String name);

  /** The whole content of a small file such as {@code config.json}. */
  default byte[] readAllBytes(String name) throws IOException {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    }
  }

  /** Creates or replaces {@code name} with {@code bytes}. */
  default void write(String name, byte[] bytes) throws IOException {
    try (OutputStream out = create(name)) {
      out.write(bytes);
    }
  }
}
