package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.ConfigurationError;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkContext$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a resume ({@code --resume}, {@code --resume-or-start}) claims of a folder, without
 * training: a finished run is recognised by its newest checkpoint's name and nothing starts,
 * and the logs of an attempt that left no checkpoint are moved aside whole, never emptied.
 * Checkpoints here are folders with a marker and a {@code config.conf}, all a claim reads.
 */
class ResumeOrStartTest {
  private static final String METRICS = "{\"step\":0,\"loss\":0.5}\n{\"step\":1,\"loss\":0.25}\n";
  private static final String EVALS = "{\"step\":0,\"label\":\"before\",\"accuracy\":0.125}\n";
  private static final String SAMPLES = "{\"step\":0,\"prompt.id\":\"p0\"}\n";

  @TempDir
  Path dir;

  /** A complete checkpoint after {@code step} of {@code config}, as a claim sees it. */
  private static void checkpoint(Path out, long step, RunConfig config) throws Exception {
    Path c = Files.createDirectories(out.resolve("checkpoints/" + CheckpointStore.name(step)));
    Files.writeString(c.resolve(TrainingCheckpoint.CONFIG), config.render());
    Files.writeString(c.resolve(CheckpointStore.MARKER), "");
  }

  @Test
  void aRunWhoseNewestCheckpointHoldsTheFinalStepIsFinishedAndTrainsNothing() throws Exception {
    Path out = dir.resolve("run");
    RunConfig threeSteps = TestRuns.config(out, "ngrpo.run.steps = 3");
    checkpoint(out, 1, threeSteps);
    checkpoint(out, 2, threeSteps);
    Files.writeString(out.resolve(RunLog.METRICS), METRICS);
    try (RunOutput output = RunOutput.claim(threeSteps, StartMode.RESUME_OR_START, List.of())) {
      // step-00000002 is the checkpoint after the third step (steps 0, 1, 2)
      assertThat(output.finished(3)).map(CheckpointStore.Checkpoint::step).contains(2L);
      assertThat(output.finished(2)).as("steps lowered below the checkpoint's").isPresent();
      assertThat(output.finished(4)).as("steps raised: 1 step left").isEmpty();
    }
    // the whole command: one line, no Spark, no log line; the same for --resume
    for (StartMode mode : List.of(StartMode.RESUME_OR_START, StartMode.RESUME)) {
      List<String> console = new ArrayList<>();
      RunSummary s = TrainingLoop.train(threeSteps, mode, List.of(), console::add);
      assertThat(console).containsExactly("run already complete: checkpoint step-00000002 in"
          + " file:" + out + " holds 3 steps (ngrpo.run.steps = 3); nothing to do");
      assertThat(s.alreadyComplete()).isTrue();
      assertThat(s.stepsDone()).isZero();
      assertThat(s.nextStep()).isEqualTo(3);
      assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("no Spark context").isTrue();
    }
    assertThat(Files.readString(out.resolve(RunLog.METRICS))).isEqualTo(METRICS);
    assertThat(out.resolve(RunLock.FILE)).as("released").doesNotExist();
  }

  @Test
  void aFinishedRunWithAConfigurationThatChangesItsMeaningIsStillRefused() throws Exception {
    Path out = dir.resolve("run");
    checkpoint(out, 2, TestRuns.config(out, "ngrpo.run.steps = 3"));
    RunConfig reseeded = TestRuns.config(out, "ngrpo.run.steps = 3, ngrpo.run.seed = 8");
    assertThatThrownBy(() -> TrainingLoop.train(reseeded, StartMode.RESUME_OR_START, List.of(),
        line -> { }))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith(String.format("--resume-or-start would continue step-00000002"
            + " with 1 key that changes what the run means:%n  ngrpo.run.seed: 7 -> 8%n"));
    List<String> console = new ArrayList<>();
    assertThat(TrainingLoop.train(reseeded, StartMode.RESUME_OR_START,
        List.of("ngrpo.run.seed"), console::add).alreadyComplete()).isTrue();
    assertThat(console).singleElement().asString().startsWith("run already complete");
  }

  @Test
  void aResumeWithoutACompleteCheckpointMovesTheEarlierAttemptsLogsAsideWhole()
      throws Exception {
    // a driver that died before its first checkpoint: logs, an unfinished checkpoint, its lock
    Path out = dir.resolve("run");
    Files.createDirectories(out.resolve("checkpoints/.tmp-step-00000001-123-abc"));
    Files.writeString(out.resolve(RunLog.METRICS), METRICS);
    Files.writeString(out.resolve(RunLog.EVALS), EVALS);
    Files.writeString(out.resolve(RunLog.SAMPLES), SAMPLES);
    try (RunOutput output = RunOutput.claim(TestRuns.config(out, ""),
        StartMode.RESUME_OR_START, List.of())) {
      assertThat(output.finished(3)).isEmpty();
      Path kept = Path.of(output.setAside().orElseThrow().toUri());
      assertThat(kept.getParent()).isEqualTo(out);
      assertThat(kept.getFileName().toString()).matches("attempt-[0-9]{8}T[0-9]{6}Z");
      assertThat(Files.readString(kept.resolve(RunLog.METRICS))).isEqualTo(METRICS);
      assertThat(Files.readString(kept.resolve(RunLog.EVALS))).isEqualTo(EVALS);
      assertThat(Files.readString(kept.resolve(RunLog.SAMPLES))).isEqualTo(SAMPLES);
      assertThat(out.resolve(RunLog.METRICS)).doesNotExist();
      assertThat(out.resolve(RunLog.EVALS)).doesNotExist();
      assertThat(out.resolve(RunLog.SAMPLES)).doesNotExist();
      assertThat(folders(out.resolve("checkpoints"))).as("the dead driver's").isEmpty();
    }
    // nothing to keep: empty logs stay where they are, and no attempt folder is made
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve(RunLog.METRICS), "");
    try (RunOutput output = RunOutput.claim(TestRuns.config(empty, ""), StartMode.RESUME,
        List.of())) {
      assertThat(output.setAside()).isEmpty();
      assertThat(folders(empty)).containsExactly("checkpoints");
      assertThat(empty.resolve(RunLog.METRICS)).isEmptyFile();
    }
  }

  @Test
  void aRunThatDiedBeforeItsFirstCheckpointStartsOverBesideItsKeptLogs() throws Exception {
    Path out = dir.resolve("run");
    Files.createDirectories(out);
    Files.writeString(out.resolve(RunLog.METRICS), METRICS);
    List<String> console = new ArrayList<>();
    RunSummary s = TrainingLoop.train(TestRuns.config(out, "ngrpo.run.steps = 1"),
        StartMode.RESUME_OR_START, List.of(), console::add);
    assertThat(s.stepsDone()).isEqualTo(1);
    Path kept = Path.of(folders(out).stream().filter(f -> f.startsWith("attempt-"))
        .map(out::resolve).findFirst().orElseThrow().toUri());
    assertThat(console).first().isEqualTo("no checkpoint in file:" + out.resolve("checkpoints")
        + ": starting from the beginning; the logs of the earlier attempt, which left no"
        + " checkpoint, are kept in file:" + kept);
    assertThat(Files.readString(kept.resolve(RunLog.METRICS))).isEqualTo(METRICS);
    assertThat(Files.readAllLines(out.resolve(RunLog.METRICS))).singleElement().asString()
        .startsWith("{\"step\":0,");
  }

  @Test
  void twoAttemptsSetAsideInOneSecondGetTwoFolders() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri());
    Instant now = Instant.parse("2025-01-02T03:04:05.678Z");
    Files.writeString(dir.resolve(RunLog.METRICS), METRICS);
    assertThat(UncheckpointedLogs.setAside(fs, folder, now).orElseThrow().getName())
        .isEqualTo("attempt-20250102T030405Z");
    Files.writeString(dir.resolve(RunLog.EVALS), EVALS);
    assertThat(UncheckpointedLogs.setAside(fs, folder, now).orElseThrow().getName())
        .isEqualTo("attempt-20250102T030405Z-2");
    assertThat(Files.readString(dir.resolve("attempt-20250102T030405Z-2/" + RunLog.EVALS)))
        .isEqualTo(EVALS);
  }

  private static List<String> folders(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
    }
  }
}
