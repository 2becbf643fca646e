package dev.ngrpo.core.safetensors;

import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.file;
import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.floats;
import static dev.ngrpo.core.safetensors.SafetensorsTestFiles.tensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsErrorsTest {
  @TempDir
  Path dir;

  private static final String SOURCE = "hdfs://nn/models/m1/model.safetensors";

  private static AbstractThrowableAssert<?, ? extends Throwable> readFails(byte[] bytes) {
    return assertThatThrownBy(() -> SafetensorsReader.read(new ByteArrayInputStream(bytes), SOURCE))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageStartingWith(SOURCE + ": ");
  }

  /** Fails alike whether the length is known up front, unknown, or the bytes are in memory. */
  private static void failsEverywhere(byte[] bytes, String... fragments) {
    readFails(bytes).hasMessageContainingAll(fragments);
    assertThatThrownBy(() ->
        SafetensorsReader.read(new ByteArrayInputStream(bytes), SOURCE, bytes.length))
        .isInstanceOf(SafetensorsFormatException.class).hasMessageStartingWith(SOURCE + ": ")
        .hasMessageContainingAll(fragments);
    assertThatThrownBy(() -> SafetensorsReader.read(ByteBuffer.wrap(bytes), SOURCE))
        .isInstanceOf(SafetensorsFormatException.class).hasMessageStartingWith(SOURCE + ": ")
        .hasMessageContainingAll(fragments);
  }

  private static String tensor(String name, String dtype, String shape, String offsets) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
        + ",\"data_offsets\":" + offsets + "}";
  }

  @Test
  void truncatedFileNamesTheTensorTheFileAndTheByteCounts() throws IOException {
    Path path = dir.resolve("model.safetensors");
    SafetensorsWriter.write(path, tensors("a", HostTensor.zeros(4), "b", HostTensor.zeros(4)),
        Map.of(), DType.F32);
    byte[] whole = Files.readAllBytes(path);
    Files.write(path, Arrays.copyOf(whole, whole.length - 6));
    // b occupies data bytes [16, 32); 6 are cut, so 10 of its 16 bytes remain.
    assertThatThrownBy(() -> SafetensorsReader.read(path))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageStartingWith(path + ": truncated data: tensor 'b'")
        .hasMessageContaining("expects 16 bytes, only 10 available");
    byte[] cut = Arrays.copyOf(whole, whole.length - 6);
    readFails(cut).hasMessageContaining("tensor 'b'")
        .hasMessageContaining("expects 16 bytes, only 10 available");
    // cutting into a's data leaves b nothing at all; a reports its own shortfall first.
    failsEverywhere(Arrays.copyOf(whole, whole.length - 20), "tensor 'a'",
        "expects 16 bytes, only 12 available");
  }

  @Test
  void headerLengthMustBeSane() {
    failsEverywhere(file(-1, "{}", new byte[0]), "header length -1 is outside [0, 104857600]");
    failsEverywhere(file(200L << 20, "{}", new byte[0]), "header length 209715200 is outside");
    readFails(file(1000, "{}", new byte[0])).hasMessageContaining("truncated header: expected 1000"
        + " bytes, only 2 available");
    assertThatThrownBy(() -> SafetensorsReader.read(new ByteArrayInputStream(
        file(1000, "{}", new byte[0])), SOURCE, 10))
        .hasMessage(SOURCE + ": header length 1000 exceeds the file size 10; not a safetensors"
            + " file, or truncated");
    failsEverywhere(new byte[] {1, 2, 3}, "only 3 bytes; a safetensors file starts with an"
        + " 8-byte header length");
  }

  @Test
  void corruptHeaderIsReportedAsMalformedJson() {
    failsEverywhere(file("{\"a\": {\"dtype\": ", new byte[0]), "malformed JSON header");
    failsEverywhere(file("{} trailing", new byte[0]), "malformed JSON header");
    failsEverywhere(file("[1, 2]", new byte[0]), "header is not a JSON object");
    failsEverywhere(file("{" + tensor("a", "F32", "[1]", "[0,4]") + ","
        + tensor("a", "F32", "[1]", "[4,8]") + "}", new byte[8]), "malformed JSON header",
        "Duplicate field 'a'");
    failsEverywhere(file("{\"__metadata__\":{\"k\":1}}", new byte[0]),
        "__metadata__ value of 'k' must be a string");
  }

  @Test
  void unknownDtypeNamesTensorAndDtype() {
    failsEverywhere(file("{" + tensor("model.norm.weight", "I64", "[2]", "[0,16]") + "}",
        new byte[16]), "tensor 'model.norm.weight' has dtype 'I64', which is not supported"
        + " (supported: [F32, F16, BF16])");
  }

  @Test
  void offsetsMustTileTheDataSection() {
    failsEverywhere(file("{" + tensor("a", "F32", "[2]", "[0,8]") + ","
        + tensor("b", "F32", "[2]", "[4,12]") + "}", new byte[12]),
        "tensor 'b' (F32 [2], data_offsets [4, 12]) overlaps tensor 'a'");
    failsEverywhere(file("{" + tensor("a", "F32", "[2]", "[0,8]") + ","
        + tensor("b", "F32", "[2]", "[12,20]") + "}", new byte[20]),
        "gap of 4 bytes in the data section before tensor 'b'");
    failsEverywhere(file("{" + tensor("a", "F32", "[1]", "[4,8]") + "}", new byte[8]),
        "gap of 4 bytes in the data section before tensor 'a'");
    failsEverywhere(file("{" + tensor("a", "F32", "[0]", "[8,0]") + "}", new byte[8]),
        "tensor 'a': data_offsets out of order [8, 0]");
    failsEverywhere(file("{" + tensor("a", "BF16", "[3]", "[0,8]") + "}", new byte[8]),
        "tensor 'a' (BF16 [3]) needs 6 bytes but its data_offsets [0, 8] span 8");
    failsEverywhere(file("{" + tensor("a", "F32", "[-1]", "[0,4]") + "}", new byte[4]),
        "tensor 'a': \"shape\" must hold non-negative integers, got [-1]");
    failsEverywhere(file("{" + tensor("a", "F32", "[1]", "[0]") + "}", new byte[4]),
        "\"data_offsets\" must be an array of 2 non-negative integers");
    failsEverywhere(file("{" + tensor("a", "F32", "[4294967296,4294967296]", "[0,4]") + "}",
        new byte[4]), "tensor 'a': shape [4294967296, 4294967296] is too large");
  }

  @Test
  void bytesAfterTheDataSectionAreAnError() {
    byte[] bytes = file("{" + tensor("a", "F32", "[1]", "[0,4]") + "}", floats(1f, 2f));
    failsEverywhere(bytes, "unexpected bytes after the data section (4 bytes as the header"
        + " describes)");
  }

  @Test
  void hugeTensorInATruncatedStreamFailsWithoutAllocatingIt() {
    // 2^30 floats = 4 GiB claimed, 4 bytes present: the stream of unknown length grows its
    // array as data arrives, so this fails on truncation instead of running out of memory.
    byte[] bytes = file("{" + tensor("big", "F32", "[1073741824]", "[0,4294967296]") + "}",
        new byte[4]);
    readFails(bytes).hasMessageContaining("tensor 'big'")
        .hasMessageContaining("expects 4294967296 bytes, only 4 available");
  }

  @Test
  void garbageNeverEscapesAsAnotherException() {
    Random random = new Random(42);
    byte[] valid = SafetensorsWriter.toBytes(
        tensors("a", HostTensor.zeros(3), "b", HostTensor.zeros(2, 2)), Map.of("k", "v"),
        DType.F32);
    for (int trial = 0; trial < 500; trial++) {
      byte[] bytes = valid.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      if (trial % 5 == 0) {
        bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
      }
      for (long known : new long[] {-1, bytes.length}) {
        try {
          SafetensorsReader.read(new ByteArrayInputStream(bytes), SOURCE, known);
        } catch (SafetensorsFormatException expected) {
          assertThat(expected).hasMessageStartingWith(SOURCE + ": ");
        } catch (IOException | RuntimeException e) {
          throw new AssertionError("trial " + trial + " escaped as " + e, e);
        }
      }
    }
  }
}
