package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as a pre-emption, {@code yarn application -kill} or a pod eviction sends it, to a
 * real driver in the middle of a run: it finishes the step, writes a checkpoint and exits 143;
 * {@code train --resume} then ends with exactly the weights of an undisturbed run. An
 * experiment keeps no result of the run a signal interrupted.
 */
class TerminationSignalTest {
  /** Periodic checkpoints off: the only checkpoint before the last step is the signal's. */
  private static final String RUN = "ngrpo.run.steps = 8\nngrpo.checkpoint.every = 0\n";
  /** 128 + SIGTERM: the JVM's status after a signal-initiated shutdown. */
  private static final int SIGTERM_STATUS = 143;

  @TempDir
  Path dir;

  @Test
  void aTerminatedDriverStopsAfterItsStepWithACheckpointAndResumesToTheSameWeights()
      throws Exception {
    Path out = dir.resolve("run");
    Path conf = Files.writeString(dir.resolve("run.conf"), TestRuns.config(out, RUN).render());
    Path log = dir.resolve("driver.log");
    Process driver = ChildJvm.start(log, "train", conf.toString());
    terminateAfterFirstStep(driver, log, out);
    String output = Files.readString(log);
    assertThat(driver.exitValue()).as(output).isEqualTo(SIGTERM_STATUS);
    List<Long> logged = steps(out);
    long last = logged.get(logged.size() - 1);
    assertThat(last).as("stopped before the end").isLessThan(7);
    assertThat(logged).as("whole lines, each step once")
        .isEqualTo(LongStream.rangeClosed(0, last).boxed().toList());
    assertThat(output).contains(String.format(
        "stopped by a termination signal after step %d/8: continue with train --resume",
        last + 1));
    assertThat(checkpoints(out)).containsExactly(String.format("step-%08d", last));

    Map<String, HostTensor> resumed = TestRuns.finalWeights(TestRuns.config(out, RUN), true);
    Map<String, HostTensor> undisturbed = TestRuns.finalWeights(
        TestRuns.config(dir.resolve("undisturbed"), RUN), false);
    assertThat(resumed).isEqualTo(undisturbed);
    assertThat(steps(out)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void aTerminatedExperimentKeepsNoResultOfTheRunItInterrupted() throws Exception {
    Path out = dir.resolve("experiment");
    Path conf = Files.writeString(dir.resolve("experiment.conf"), TestRuns.config(out, """
        ngrpo.run.steps = 40
        ngrpo.experiment {
          methods = [ { name = a, preset = grpo } ]
          seeds = [1]
          base-composition { prompts = 8, group-size = 4 }
          final-eval { samples = 2, pass-k = [1, 2] }
        }
        """).render());
    Path log = dir.resolve("experiment.log");
    Path run = out.resolve("runs/a/seed-1");
    Process driver = ChildJvm.start(log, "experiment", conf.toString());
    terminateAfterFirstStep(driver, log, run);
    String output = Files.readString(log);
    assertThat(steps(run)).as(output).hasSizeLessThan(40);
    // the interrupted run is no finished run: the next invocation trains it again
    assertThat(run.resolve("result.json")).doesNotExist();
    // said before the JVM halts: the step it stopped after and how to go on
    assertThat(output).containsPattern("\\[a seed 1\\] stopped by a termination signal after"
        + " step \\d+/40: this run is incomplete and is not kept")
        .doesNotContain("continue with train --resume");
  }

  /**
   * Sends SIGTERM to {@code driver} once the run writing to {@code runFolder} has logged a
   * step, and waits for it to exit; fails with the driver's {@code log} if it dies first.
   */
  private static void terminateAfterFirstStep(Process driver, Path log, Path runFolder)
      throws Exception {
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      while (steps(runFolder).isEmpty()) {
        assertThat(driver.isAlive()).as(Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("no step logged in 4 minutes").isLessThan(deadline);
        Thread.sleep(50);
      }
      driver.destroy(); // SIGTERM
      assertThat(driver.waitFor(3, TimeUnit.MINUTES)).as("exited after SIGTERM").isTrue();
    } finally {
      driver.destroyForcibly();
    }
  }

  private static List<Long> steps(Path out) {
    if (!Files.exists(out.resolve(RunLog.METRICS))) {
      return List.of();
    }
    try {
      FileSystem fs = FileSystem.getLocal(new Configuration());
      return RunLog.records(fs, new org.apache.hadoop.fs.Path(out.toUri()), RunLog.METRICS)
          .stream().map(n -> n.get("step").asLong()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> checkpoints(Path out) throws Exception {
    try (Stream<Path> list = Files.list(out.resolve("checkpoints"))) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-"))
          .sorted().toList();
    }
  }
}
