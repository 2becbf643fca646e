package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The BF16 guard. A BF16 NDArray aborts the JVM, so nothing here makes one: the tests check the
 * guard's decision, and that no main source of any module casts or names BF16 except through
 * the guard, so no path can reach the engine with it.
 */
class TensorTypesTest {
  @Test
  void refusesBf16AndNothingElse() {
    assertThat(TensorTypes.engineHolds(DataType.BFLOAT16)).isFalse();
    for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT16, DataType.FLOAT64,
        DataType.INT64, DataType.INT32, DataType.BOOLEAN}) {
      assertThat(TensorTypes.engineHolds(type)).isTrue();
      assertThat(TensorTypes.require(type, "t")).isEqualTo(type);
    }
    assertThatThrownBy(() -> TensorTypes.require(DataType.BFLOAT16, "parameter w"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter w: the PyTorch engine of DJL 0.36 has no bfloat16 tensors"
            + " (creating one aborts the JVM); widen the values to float32 on the host");
  }

  @Test
  void castsToTypesTheEngineHolds() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray flags = m.create(new float[] {-1f, 0f, 2f}).gt(0);
      NDArray cast = TensorTypes.cast(flags, DataType.FLOAT32);
      assertThat(cast.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(cast.toFloatArray()).containsExactly(0f, 0f, 1f);
      assertThat(cast.getShape()).isEqualTo(new Shape(3));
    }
  }

  @Test
  void noMainSourceCastsOrNamesBf16OutsideTheGuard() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("core/src/main/java")).isDirectory();
    List<String> offenders = new ArrayList<>();
    int files = 0;
    try (Stream<Path> paths = Files.walk(root, 1)) {
      for (Path module : paths.filter(p -> Files.isDirectory(p.resolve("src/main/java")))
          .toList()) {
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
          for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
            files++;
            if (source.getFileName().toString().equals("TensorTypes.java")) {
              continue;
            }
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
              if (lines.get(i).contains(".toType(") || lines.get(i).contains("BFLOAT16")) {
                offenders.add(root.relativize(source) + ":" + (i + 1) + ": " + lines.get(i).trim());
              }
            }
          }
        }
      }
    }
    // every module's sources were read (core, learner, rollout-worker, orchestrator, lab, cli)
    assertThat(files).isGreaterThan(200);
    assertThat(offenders).as("casts must go through TensorTypes.cast").isEmpty();
  }
}
