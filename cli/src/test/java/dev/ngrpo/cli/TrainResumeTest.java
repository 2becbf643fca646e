package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.orchestrator.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} on a folder that holds a run: refused (exit 2), resumed, or changed on purpose. */
class TrainResumeTest {
  @TempDir
  Path dir;

  @Test
  void aResumeThatChangesWhatTheRunMeansExitsTwoListingTheChangesUnlessAllowed()
      throws Exception {
    Path out = dir.resolve("run");
    String conf = Files.writeString(dir.resolve("run.conf"),
        TestRuns.config(out, "ngrpo.run.steps = 1").render()).toString();
    MainTest.Result first = MainTest.run("train", conf);
    assertThat(first.code()).as(first.err()).isZero();

    MainTest.Result again = MainTest.run("train", conf);
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).startsWith("configuration error: ngrpo.run.output file:" + out
        + " is not empty (it holds checkpoints/, eval.jsonl, metrics.jsonl, samples.jsonl)");

    MainTest.Result refused = MainTest.run("train", conf, "--resume",
        "--set", "ngrpo.run.steps=2", "--set", "ngrpo.run.seed=8",
        "--set", "ngrpo.rollout.top-k=3");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).isEqualTo(String.format("configuration error: --resume would"
        + " continue step-00000000 with 2 keys that change what the run means:%n"
        + "  ngrpo.rollout.top-k: 0 -> 3%n"
        + "  ngrpo.run.seed: 7 -> 8%n"
        + "Resume with the checkpoint's values, start a new run in another ngrpo.run.output, or"
        + " accept the changes with --allow-change ngrpo.rollout.top-k,ngrpo.run.seed%n"));

    MainTest.Result allowed = MainTest.run("train", conf, "--resume",
        "--set", "ngrpo.run.steps=2", "--set", "ngrpo.run.seed=8",
        "--set", "ngrpo.rollout.top-k=3", "--allow-change", "ngrpo.run.seed,ngrpo.rollout");
    assertThat(allowed.code()).as(allowed.err()).isZero();
    assertThat(allowed.out()).contains("resumed from").contains("step 2/2")
        .doesNotContain("step 1/2");
  }
}
