package dev.ngrpo.core.safetensors;

import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.tensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedSafetensorsTest {
  @TempDir
  Path dir;

  private static final Map<String, HostTensor> TWO = tensors(
      "w", new HostTensor(new long[] {2, 2}, new float[] {1.5f, -0.0f, Float.NaN, 3e-39f}),
      "b", new HostTensor(new long[] {3}, new float[] {7, 8, 9}));


  @Test
  void tensorsAreReadOnlyViewsOfTheFileUntilClosed() throws IOException {
    assumeThat(Mappings.visible()).isTrue();
    LocalModelFiles files = new LocalModelFiles(dir);
    SafetensorsFolder.write(files, TWO, Map.of(), DType.F32);
    Path file = dir.resolve("model.safetensors");
    MappedSafetensors weights = MappedSafetensors.open(files);
    RawTensor w = weights.tensors().get("w");
    assertThat(w.data().isDirect()).isTrue();
    assertThat(w.data().isReadOnly()).isTrue();
    assertThat(w.decode()).isEqualTo(TWO.get("w"));
    assertThat(weights.tensors().keySet()).containsExactly("w", "b");
    assertThat(Mappings.mapped(file)).isTrue();

    assertThat(MappedSafetensors.unmapsOnClose()).isTrue();
    weights.close();
    weights.close();
    assertThat(Mappings.mapped(file)).isFalse();
    assertThatThrownBy(weights::tensors).isInstanceOf(IllegalStateException.class)
        .hasMessage("the mapped weights are closed");
  }

  @Test
  void aFileTooLargeToMapIsNamedAndReportedAsNotFitting() throws IOException {
    LocalModelFiles files = new LocalModelFiles(dir);
    assertThat(MappedSafetensors.fits(files)).isTrue();
    SafetensorsFolder.write(files, TWO, Map.of(), DType.F32);
    assertThat(MappedSafetensors.fits(files)).isTrue();
    Path file = dir.resolve("model.safetensors");
    long size = MappedSafetensors.MAX_FILE_BYTES + 1;
    try (RandomAccessFile grown = new RandomAccessFile(file.toFile(), "rw")) {
      grown.setLength(size); // sparse: no disk is used
    }
    assertThat(MappedSafetensors.fits(files)).isFalse();
    assertThatThrownBy(() -> MappedSafetensors.open(files))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessage(file + " is 2147483648 bytes; a file maps only up to 2147483647 bytes"
            + " (write smaller shards)");
  }

  @Test
  void aMalformedShardFailsNamingItAndLeavesNothingMapped() throws IOException {
    assumeThat(Mappings.visible()).isTrue();
    LocalModelFiles files = new LocalModelFiles(dir);
    SafetensorsFolder.write(files, TWO, Map.of(), DType.F32, 16);
    Path first = dir.resolve("model-00001-of-00002.safetensors");
    Path second = dir.resolve("model-00002-of-00002.safetensors");
    Files.write(second, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> MappedSafetensors.open(files))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessage(second + ": only 3 bytes; a safetensors file starts with an 8-byte header"
            + " length");
    assertThat(Mappings.mapped(first)).isFalse();
  }
}
