package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.orchestrator.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume-or-start} as a scheduler runs it: the same command, on the same
 * folder, night after night. The first night starts the run, a night after an interruption
 * continues it, a night after it finished does nothing and exits 0.
 */
class TrainResumeOrStartTest {
  /**
   * A Spark plugin that does not exist: any command that starts Spark with it fails, so one
   * that exits 0 with it never started Spark. The key only observes the run, so a resume
   * accepts it.
   */
  private static final String SPARK_FAILS = "ngrpo.spark.conf.\"spark.plugins\"=no.such.Plugin";

  @TempDir
  Path dir;

  @Test
  void startsThenContinuesAfterAnInterruptionThenHasNothingToDo() throws Exception {
    Path out = dir.resolve("run");
    // 3 steps, a checkpoint after each, the newest 2 kept
    String conf = Files.writeString(dir.resolve("run.conf"),
        TestRuns.config(out, "ngrpo.run.steps = 3").render()).toString();

    MainTest.Result first = MainTest.run("train", conf, "--resume-or-start");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("no checkpoint in file:" + out.resolve("checkpoints")
        + ": starting from the beginning\n").contains("step 3/3").contains("done: 3 steps");
    List<String> logged = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertThat(steps(logged)).containsExactly("0", "1", "2");

    // interrupted after logging step 2 (the third) and before its checkpoint was complete
    FileUtil.fullyDelete(out.resolve("checkpoints/step-00000002").toFile());
    MainTest.Result resumed = MainTest.run("train", conf, "--resume-or-start");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resumed from file:" + out.resolve(
        "checkpoints/step-00000001") + " at step 2").contains("step 3/3")
        .doesNotContain("step 1/3").doesNotContain("step 2/3").contains("done: 1 steps");
    List<String> after = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertThat(steps(after)).containsExactly("0", "1", "2");
    assertThat(after.subList(0, 2)).as("earlier lines kept byte for byte")
        .isEqualTo(logged.subList(0, 2));
    assertThat(checkpoints(out)).containsExactly("step-00000001", "step-00000002");

    String complete = "run already complete: checkpoint step-00000002 in file:" + out
        + " holds 3 steps (ngrpo.run.steps = 3); nothing to do" + System.lineSeparator();
    for (String option : List.of("--resume-or-start", "--resume")) {
      MainTest.Result done = MainTest.run("train", conf, option, "--set", SPARK_FAILS);
      assertThat(done.code()).as(option + ": " + done.err()).isZero();
      assertThat(done.out()).as(option).isEqualTo(complete);
    }
    assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).isEqualTo(after);
    assertThat(checkpoints(out)).containsExactly("step-00000001", "step-00000002");

    // what makes a run another run is refused even when there is nothing left to do
    MainTest.Result reseeded = MainTest.run("train", conf, "--resume-or-start",
        "--set", "ngrpo.run.seed=8");
    assertThat(reseeded.code()).isEqualTo(2);
    assertThat(reseeded.err()).startsWith(String.format("configuration error: --resume-or-start"
        + " would continue step-00000002 with 1 key that changes what the run means:%n"
        + "  ngrpo.run.seed: 7 -> 8%n"));

    // the control: with that plugin, a command that starts Spark fails
    MainTest.Result control = MainTest.run("train", conf, "--resume-or-start",
        "--set", SPARK_FAILS, "--set", "ngrpo.run.output=" + dir.resolve("other").toUri());
    assertThat(control.code()).isEqualTo(1);
    assertThat(control.err()).contains("no.such.Plugin");
  }

  @Test
  void resumeAndResumeOrStartAreMutuallyExclusive() {
    MainTest.Result both = MainTest.run("train", "--resume", "--resume-or-start");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).startsWith("Error: --resume, --resume-or-start are mutually exclusive"
        + " (specify only one)");
  }

  private static List<String> steps(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll("^\\{\"step\":([0-9]+),.*", "$1")).toList();
  }

  private static List<String> checkpoints(Path out) throws Exception {
    try (Stream<Path> list = Files.list(out.resolve("checkpoints"))) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
