package dev.ngrpo.core.safetensors;

import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.tensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafetensorsFolderTest {
  @TempDir
  Path dir;

  /** The two readers of a folder, which must agree on tensors and on every error. */
  enum Reader {
    STREAMED {
      @Override
      Map<String, HostTensor> read(LocalModelFiles files) throws IOException {
        return SafetensorsFolder.read(files).tensors();
      }
    },
    MAPPED {
      @Override
      Map<String, HostTensor> read(LocalModelFiles files) throws IOException {
        try (MappedSafetensors mapped = MappedSafetensors.open(files)) {
          Map<String, HostTensor> decoded = new LinkedHashMap<>();
          mapped.tensors().forEach((name, t) -> decoded.put(name, t.decode()));
          return decoded;
        }
      }
    };

    abstract Map<String, HostTensor> read(LocalModelFiles files) throws IOException;
  }

  private static HostTensor ramp(int n, float start) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + i;
    }
    return new HostTensor(new long[] {n}, v);
  }

  /** Three tensors of 16 F32 bytes each. */
  private static Map<String, HostTensor> three() {
    return tensors("a", ramp(4, 0), "b", ramp(4, 10), "c", ramp(4, 20));
  }

  @Test
  void singleFileRoundTrip() throws IOException {
    LocalModelFiles files = new LocalModelFiles(dir);
    SafetensorsFolder.write(files, three(), Map.of("format", "pt"), DType.F32);
    assertThat(Files.exists(dir.resolve("model.safetensors"))).isTrue();
    NamedTensors read = SafetensorsFolder.read(files);
    assertThat(read.tensors()).isEqualTo(three());
    assertThat(read.tensors().keySet()).containsExactly("a", "b", "c");
    assertThat(read.metadata()).containsExactly(Map.entry("format", "pt"));
    assertThat(Reader.MAPPED.read(files)).isEqualTo(three());
    assertThat(Reader.MAPPED.read(files).keySet()).containsExactly("a", "b", "c");
  }

  @Test
  void shardedWriteSplitsByDataBytesAndWritesTheIndex() throws IOException {
    LocalModelFiles files = new LocalModelFiles(dir);
    // 32 bytes per shard: a + b fill the first, c starts the second.
    SafetensorsFolder.write(files, three(), Map.of("format", "pt"), DType.F32, 32);
    assertThat(Files.exists(dir.resolve("model.safetensors"))).isFalse();
    assertThat(SafetensorsReader.read(dir.resolve("model-00001-of-00002.safetensors")).tensors())
        .containsOnlyKeys("a", "b");
    assertThat(SafetensorsReader.read(dir.resolve("model-00002-of-00002.safetensors")).tensors())
        .containsOnlyKeys("c");
    // total_size = 3 tensors * 16 bytes
    assertThat(Files.readString(dir.resolve("model.safetensors.index.json"))
        .replaceAll("\\s", "")).isEqualTo("{\"metadata\":{\"total_size\":48},\"weight_map\":{"
        + "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00001-of-00002.safetensors\","
        + "\"c\":\"model-00002-of-00002.safetensors\"}}");

    NamedTensors read = SafetensorsFolder.read(files);
    assertThat(read.tensors()).isEqualTo(three());
    assertThat(read.tensors().keySet()).containsExactly("a", "b", "c");
    assertThat(read.metadata()).containsExactly(Map.entry("format", "pt"));
    assertThat(Reader.MAPPED.read(files)).isEqualTo(three());
    assertThat(Reader.MAPPED.read(files).keySet()).containsExactly("a", "b", "c");
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void aTensorLargerThanTheShardLimitGetsItsOwnShard(Reader reader) throws IOException {
    LocalModelFiles files = new LocalModelFiles(dir);
    SafetensorsFolder.write(files, three(), Map.of(), DType.BF16, 10); // 8 BF16 bytes each
    assertThat(Files.exists(dir.resolve("model-00003-of-00003.safetensors"))).isTrue();
    assertThat(reader.read(files)).isEqualTo(three());
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void missingShardIsNamed(Reader reader) throws IOException {
    LocalModelFiles files = new LocalModelFiles(dir);
    SafetensorsFolder.write(files, three(), Map.of(), DType.F32, 32);
    Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
    assertThatThrownBy(() -> reader.read(files))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessage(dir.resolve("model.safetensors.index.json") + " maps 1 tensor(s) (first 'c')"
            + " to shard 'model-00002-of-00002.safetensors', but "
            + dir.resolve("model-00002-of-00002.safetensors") + " does not exist");
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void indexAndShardsMustAgree(Reader reader) throws IOException {
    LocalModelFiles files = new LocalModelFiles(dir);
    SafetensorsFolder.write(files, three(), Map.of(), DType.F32, 32);
    Path index = dir.resolve("model.safetensors.index.json");
    String original = Files.readString(index);

    Files.writeString(index, original.replace("\"c\"", "\"ghost\" : \"model-00002-of-00002"
        + ".safetensors\",\n    \"c\""));
    assertThatThrownBy(() -> reader.read(files))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessage(index + ": tensor 'ghost' is mapped to shard 'model-00002-of-00002"
            + ".safetensors', but " + dir.resolve("model-00002-of-00002.safetensors")
            + " does not contain it");

    Files.writeString(index, original.replaceAll("\"b\"\\s*:\\s*\"[^\"]*\",", ""));
    assertThatThrownBy(() -> reader.read(files))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessage(dir.resolve("model-00001-of-00002.safetensors") + " holds tensor 'b', which "
            + index + " does not map to this shard");

    Files.writeString(index, "{\"metadata\": {}}");
    assertThatThrownBy(() -> reader.read(files))
        .hasMessage(index + ": missing \"weight_map\" object");
  }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void folderWithBothOrNeitherLayoutIsRefused(Reader reader) throws IOException {
    LocalModelFiles files = new LocalModelFiles(dir);
    assertThatThrownBy(() -> reader.read(files))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining(dir.resolve("model.safetensors").toString());
    SafetensorsFolder.write(files, three(), Map.of(), DType.F32, 32);
    assertThatThrownBy(() -> SafetensorsFolder.write(files, three(), Map.of(), DType.F32))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("next to the existing "
            + dir.resolve("model.safetensors.index.json"));
    Files.write(dir.resolve("model.safetensors"), "x".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> reader.read(files))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageEndingWith("both exist; remove the stale one");
  }

  @Test
  void localFilesStayInsideTheirDirectory() {
    LocalModelFiles files = new LocalModelFiles(dir);
    assertThatThrownBy(() -> files.open("../escape.json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not inside");
  }
}
