package dev.ngrpo.core.safetensors;

import java.io.IOException;

/**
 * A safetensors file or sharded checkpoint that cannot be read as written: a bad header, a
 * truncated data section, an unsupported dtype, an index that names a missing shard. The
 * message always starts with the source (file path or URI) and names the tensor involved.
 */
public class SafetensorsFormatException extends IOException {
  public SafetensorsFormatException(String message) {
    super(message);
  }

  public SafetensorsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
