package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make-data}: a built-in task's split as a verl Parquet folder (the read-back is
 * orchestrator's {@code VerlParquetTest}).
 */
class MakeDataCommandTest {
  private static final String[] LOCAL = {"--set", "ngrpo.spark.master=local[1]", "--set",
      "ngrpo.spark.conf.\"spark.ui.enabled\"=false", "--set", "ngrpo.task.train-size=30",
      "--set", "ngrpo.task.test-size=10"};

  @TempDir
  Path dir;

  @Test
  void writesTheSplitAsOneParquetFileAndNeverReplacesAFolder() throws IOException {
    String out = dir.resolve("train").toString();
    MainTest.Result r = run("make-data", "--task", "word-problems", "--split", "train",
        "--out", out);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("wrote 30 word-problems train prompts to "
        + "file:" + dir.resolve("train").toAbsolutePath() + "\n");
    try (Stream<Path> files = Files.list(dir.resolve("train"))) {
      assertThat(files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".parquet"))).hasSize(1);
    }
    MainTest.Result again = run("make-data", "--task", "word-problems", "--split", "train",
        "--out", out);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already exists; remove it or write elsewhere");
  }

  @Test
  void aBadSplitOrTaskExitsTwo() {
    MainTest.Result split = run("make-data", "--split", "dev", "--out",
        dir.resolve("x").toString());
    assertThat(split.code()).isEqualTo(2);
    assertThat(split.err()).startsWith("--split must be train or test, got 'dev'");
    MainTest.Result task = run("make-data", "--task", "poems", "--split", "test", "--out",
        dir.resolve("x").toString());
    assertThat(task.code()).isEqualTo(2);
    assertThat(task.err()).contains("ngrpo.task.name").contains("word-problems");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  private static MainTest.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(LOCAL));
    return MainTest.run(all.toArray(String[]::new));
  }
}
