package dev.ngrpo.core.safetensors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The content of a safetensors file or sharded checkpoint: tensors by name, in file order, and
 * the string map the header carries under {@code __metadata__}.
 *
 * @param tensors tensors by name, iteration order as stored (unmodifiable)
 * @param metadata the {@code __metadata__} entries (unmodifiable; empty when absent)
 */
public record NamedTensors(Map<String, HostTensor> tensors, Map<String, String> metadata) {
  public NamedTensors {
    tensors = Collections.unmodifiableMap(
        new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
    metadata = Collections.unmodifiableMap(
        new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
  }
}
