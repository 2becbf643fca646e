package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.faults.FaultyFileSystem;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A driver killed while it writes a checkpoint or a line of {@code metrics.jsonl}, and a
 * checkpoint store that fills up or turns unwritable mid-run: the newest complete checkpoint
 * stays intact, and a resumed run ends with exactly the weights of an undisturbed one. Faults
 * come from {@link FaultyFileSystem}; every run writes 4 steps with a checkpoint after each, and
 * the checkpoint faults strike the checkpoint of step 2.
 */
class CheckpointFaultsTest {
  private static final String STEPS = "ngrpo.run.steps = 4\n";
  private static final String STEP_2 = ".*/\\.tmp-step-00000002-[0-9]+-[0-9a-f]+";

  @TempDir
  static Path shared;
  private static Map<String, HostTensor> undisturbed;

  @TempDir
  Path dir;

  @BeforeAll
  static void trainUndisturbed() throws Exception {
    undisturbed = TestRuns.finalWeights(TestRuns.config(shared.resolve("undisturbed"), STEPS),
        false);
  }

  private static String faulty(Path folder) {
    return FaultyFileSystem.SCHEME + "://" + folder.toAbsolutePath();
  }

  @ParameterizedTest(name = "killed after {1} bytes of {0}")
  @CsvSource({"/model/model\\.safetensors, 3000", "/optimizer\\.safetensors, 0",
      "/_COMPLETE, 0"})
  void aDriverKilledMidCheckpointResumesFromTheNewestCompleteOneToTheSameWeights(String file,
      long afterBytes) throws Exception {
    Path out = dir.resolve("run");
    RunConfig doomed = TestRuns.config(faulty(out), STEPS + FaultyFileSystem.sparkConf(
        "halt-on", STEP_2 + file, "halt-after-bytes", Long.toString(afterBytes)));
    Path conf = Files.writeString(dir.resolve("run.conf"), doomed.render());
    ChildJvm child = ChildJvm.run(dir.resolve("driver.log"), "train", conf.toString());

    assertThat(child.exitCode()).as(child.output()).isEqualTo(FaultyFileSystem.HALT_CODE);
    assertThat(child.output()).contains("step 3/4").doesNotContain("step 4/4");
    assertThat(checkpointFolders(out)).contains("step-00000000", "step-00000001")
        .anyMatch(name -> name.startsWith(".tmp-step-00000002-"));
    assertThat(newestComplete(out)).isEqualTo(1);
    // step 2 was logged before the driver died; the resumed run drops and redoes it
    assertThat(steps(out)).containsExactly(0L, 1L, 2L);
    // the dead driver's lock is still there; its process is gone, so the resume takes it over
    assertThat(out.resolve("_LOCK")).exists();

    Map<String, HostTensor> resumed = TestRuns.finalWeights(TestRuns.config(out, STEPS), true);
    assertThat(resumed).isEqualTo(undisturbed);
    assertThat(steps(out)).containsExactly(0L, 1L, 2L, 3L);
    // the dead driver's temporary folder went once the lock was taken over
    assertThat(checkpointFolders(out)).containsExactly("step-00000002", "step-00000003");
    assertThat(out.resolve("_LOCK")).doesNotExist();
  }

  @Test
  void aDriverKilledInTheMiddleOfAMetricsLineResumesWithEveryStepLoggedOnce() throws Exception {
    // a metrics line is over 1,000 bytes: the 3,000th byte falls inside the second or third
    Path out = dir.resolve("run");
    RunConfig doomed = TestRuns.config(faulty(out), STEPS + FaultyFileSystem.sparkConf(
        "halt-on", ".*/metrics\\.jsonl", "halt-after-bytes", "3000"));
    Path conf = Files.writeString(dir.resolve("run.conf"), doomed.render());
    ChildJvm child = ChildJvm.run(dir.resolve("driver.log"), "train", conf.toString());

    assertThat(child.exitCode()).as(child.output()).isEqualTo(FaultyFileSystem.HALT_CODE);
    String metrics = Files.readString(out.resolve(RunLog.METRICS));
    assertThat(metrics).hasSize(3000).doesNotEndWith("\n");
    long complete = metrics.chars().filter(c -> c == '\n').count();
    assertThat(steps(out)).as("the torn line is left out")
        .isEqualTo(LongStream.range(0, complete).boxed().toList());

    Map<String, HostTensor> resumed = TestRuns.finalWeights(TestRuns.config(out, STEPS), true);
    assertThat(resumed).isEqualTo(undisturbed);
    assertThat(steps(out)).containsExactly(0L, 1L, 2L, 3L);
    assertThat(Files.readString(out.resolve(RunLog.METRICS))).endsWith("\n")
        .startsWith(metrics.substring(0, metrics.indexOf('\n') + 1));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "full-on|/optimizer\\.safetensors|100|No space left on device",
      "deny-on|/model|-1|Permission denied"})
  void aFullOrUnwritableStoreStopsTheRunWithAClearErrorAndKeepsTheNewestCheckpoint(
      String rule, String file, long afterBytes, String cause) throws Exception {
    Path out = dir.resolve("run");
    String[] rules = afterBytes < 0 ? new String[] {rule, STEP_2 + file}
        : new String[] {rule, STEP_2 + file, "full-after-bytes", Long.toString(afterBytes)};
    RunConfig failing = TestRuns.config(faulty(out), STEPS + FaultyFileSystem.sparkConf(rules));
    assertThatThrownBy(() -> TestRuns.train(failing, false, new ArrayList<>()))
        .hasMessageContaining("step 2: could not write checkpoint step-00000002 in faulty:")
        .hasMessageContaining(cause)
        .hasMessageContaining("the newest complete checkpoint, step-00000001, is intact")
        .hasMessageContaining("train --resume");
    // the failed write left nothing behind, and the previous checkpoint is whole
    assertThat(checkpointFolders(out)).containsExactly("step-00000000", "step-00000001");
    assertThat(newestComplete(out)).isEqualTo(1);

    Map<String, HostTensor> resumed = TestRuns.finalWeights(TestRuns.config(out, STEPS), true);
    assertThat(resumed).isEqualTo(undisturbed);
    assertThat(steps(out)).containsExactly(0L, 1L, 2L, 3L);
  }

  private static List<String> checkpointFolders(Path out) throws Exception {
    try (Stream<Path> list = Files.list(out.resolve("checkpoints"))) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static long newestComplete(Path out) throws Exception {
    CheckpointStore store = CheckpointStore.at(out.resolve("checkpoints").toUri().toString(),
        new Configuration(), 2);
    return store.latest().orElseThrow().step();
  }

  private static List<Long> steps(Path out) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    return RunLog.records(fs, new org.apache.hadoop.fs.Path(out.toUri()), RunLog.METRICS)
        .stream().map(n -> n.get("step").asLong()).toList();
  }
}
